"""Safe defaults: no debug pages unless asked for, no silent new key over unreadable data,
a database file only samen's user can read."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from samen.core.rotation import missing_key_error
from samen.sessions import services
from samen.sessions.services import RegistrationData
from tests.factories import info_session


def dev_process(code: str, data_dir: Path, **extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("SAMEN_DEBUG", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="samen.settings.dev",
        SAMEN_DATA_DIR=str(data_dir),
        PYTHONPATH=str(Path(settings.BASE_DIR).parent),
        **extra,
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def test_debug_is_off_unless_samen_debug_is_set(tmp_path):
    show = "from django.conf import settings; print(settings.DEBUG)"
    assert dev_process(show, tmp_path) == "False"
    assert dev_process(show, tmp_path, SAMEN_DEBUG="1") == "True"


def test_the_sqlite_database_and_its_wal_are_private(tmp_path):
    dev_process(
        "from django.core.management import call_command; call_command('migrate', verbosity=0)",
        tmp_path,
    )
    assert stat.S_IMODE((tmp_path / "samen.sqlite3").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "dev-encryption.key").stat().st_mode) == 0o600


def test_values_under_a_missing_key_stop_the_worker_and_the_server(db):
    services.session_register(
        session=info_session(), data=RegistrationData(nickname="Amal"), language="nl"
    )
    assert missing_key_error() == ""
    other = [("fresh", Fernet.generate_key().decode())]
    with override_settings(ENCRYPTION_KEYS=other):
        message = missing_key_error()
        assert "'test1'" in message and "Restore that key" in message
        with pytest.raises(CommandError, match="is not configured"):
            call_command("worker", "--batch")
        with pytest.raises(CommandError, match="is not configured"):
            call_command("serve")
    # A new key under the old id (a lost development key file made anew) is caught too.
    with override_settings(ENCRYPTION_KEYS=[("test1", Fernet.generate_key().decode())]):
        assert "is not the key they were made with" in missing_key_error()

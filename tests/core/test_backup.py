"""Restore drill: data with encrypted values and an erased record, backed up with
`samen backup`, restored with `samen restore` into a fresh database by separate processes
(as an operator runs them), on the database the suite runs on."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from samen.referrals.models import Referral
from samen.referrals.services import consent_withdraw, referral_create
from samen.sessions import services as session_services
from samen.sessions.models import Registration
from tests.factories import info_session
from tests.referrals.conftest import consent_data, person_data, referral_world  # noqa: F401

KEY = "7gdsgkUx_Xb6DGFsbwjX91i-6kXwl-YPNsHOcJaPqOg="
OTHER_KEY = "0BSO8a2fC3LTWyTG7GWwRuKH7ngbu6e3rp5dHJTiuEI="

READ_BACK = """
import json
from samen.referrals.models import Referral
from samen.sessions.models import Registration
print(json.dumps({
    "referrals": {str(r.uuid): [r.person_name, r.contact_details] for r in Referral.objects.all()},
    "registrations": sorted([r.nickname, r.email] for r in Registration.objects.all()),
}))
"""


def database_url(name: str) -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


def samen(data_dir: Path, url: str, *args: str, keys: str = f"test1:{KEY}"):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samen.settings.dev",
        "DATABASE_URL": url,
        "SAMEN_DATA_DIR": str(data_dir),
        "SAMEN_ENCRYPTION_KEYS": keys,
        "SAMEN_AUDIT_KEY": settings.AUDIT_KEY,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "-m", "samen.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database of the suite's kind, removed afterwards."""
    if connection.vendor == "sqlite":
        yield database_url(str(tmp_path / "restored" / "samen.sqlite3"))
        return
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_data(world):
    kept = referral_create(
        actor=world["referrer"],
        referrer=world["own"],
        receiving_organization=world["other"],
        person=person_data(world["need"]),
        consent=consent_data(),
    )
    erased = referral_create(
        actor=world["referrer"],
        referrer=world["own"],
        receiving_organization=world["other"],
        person=person_data(world["need"], name="Z.Y.", contact_details="0687654321"),
        consent=consent_data(),
    )
    consent_withdraw(actor=world["referrer"], referral=erased)
    session = info_session(world["own"])
    session_services.session_register(
        session=session,
        data=session_services.RegistrationData(nickname="Roos", email="roos@example.org"),
        language="nl",
    )
    return kept, erased


@pytest.mark.django_db(transaction=True)
def test_restore_drill_counts_match_values_decrypt_audit_verifies_erasures_stay(
    referral_world,  # noqa: F811
    tmp_path,
    fresh_database,
):
    kept, erased = make_data(referral_world)
    source = database_url(connection.settings_dict["NAME"])
    folder = tmp_path / "backup"

    result = samen(tmp_path / "source", source, "backup", "--output", str(folder))
    assert result.returncode == 0, result.stderr
    manifest = json.loads((folder / "manifest.json").read_text())
    assert {path.name for path in folder.iterdir()} == {
        "manifest.json",
        "media.tar",
        "samen.sqlite3" if connection.vendor == "sqlite" else "samen.dump",
    }
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in folder.iterdir())
    assert folder.stat().st_mode & 0o777 == 0o700
    assert manifest["tables"]["referrals_referral"] == 2
    assert manifest["tables"]["infosessions_registration"] == 1
    assert manifest["encryption_key_ids"] == ["test1"]
    assert manifest["encryption_key_ids_in_use"] == ["test1"]
    assert manifest["migrations"]["audit"] == "0003_keyed_chain"
    # The manifest names keys, never holds them.
    assert KEY not in (folder / "manifest.json").read_text()

    restored = tmp_path / "restored"
    result = samen(restored, fresh_database, "restore", str(folder))
    assert result.returncode == 0, result.stderr
    assert "counts match the manifest" in result.stdout

    result = samen(restored, fresh_database, "audit-verify")
    assert result.returncode == 0, result.stderr
    assert "The audit log is intact" in result.stdout

    result = samen(restored, fresh_database, "shell", "-c", READ_BACK)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["referrals"] == {
        str(kept.uuid): ["A.B.", "0612345678"],
        str(erased.uuid): ["", ""],
    }
    assert values["registrations"] == [["Roos", "roos@example.org"]]
    assert Referral.objects.count() == 2 and Registration.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_without_the_backups_keys_and_writes_nothing(
    referral_world,  # noqa: F811
    tmp_path,
    fresh_database,
):
    make_data(referral_world)
    folder = tmp_path / "backup"
    source = database_url(connection.settings_dict["NAME"])
    assert samen(tmp_path / "source", source, "backup", "--output", str(folder)).returncode == 0

    restored = tmp_path / "restored"
    result = samen(restored, fresh_database, "restore", str(folder), keys=f"new1:{OTHER_KEY}")
    assert result.returncode != 0
    assert "encrypted with key 'test1', not in SAMEN_ENCRYPTION_KEYS" in result.stderr
    assert "nothing was written" in result.stderr
    # Still empty: a restore with the right key goes through afterwards.
    result = samen(restored, fresh_database, "restore", str(folder))
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db(transaction=True)
def test_a_changed_backup_file_or_a_used_database_is_refused(
    tmp_path,
    fresh_database,
):
    folder = tmp_path / "backup"
    source = database_url(connection.settings_dict["NAME"])
    assert samen(tmp_path / "source", source, "backup", "--output", str(folder)).returncode == 0

    result = samen(tmp_path / "other", source, "restore", str(folder))
    assert result.returncode != 0 and "Restore into an empty database" in result.stderr

    with (folder / "media.tar").open("ab") as file:
        file.write(b"\0")
    result = samen(tmp_path / "restored", fresh_database, "restore", str(folder))
    assert result.returncode != 0
    assert "media.tar is missing or does not match its checksum" in result.stderr

    result = samen(tmp_path / "again", source, "backup", "--output", str(folder))
    assert result.returncode != 0 and "is not empty" in result.stderr

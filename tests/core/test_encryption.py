from importlib import import_module
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from samen.audit.models import AuditEntry
from samen.audit.services import SystemActor
from samen.core import crypto
from samen.core.rotation import key_usage, rotate_keys
from samen.sessions import services
from samen.sessions.models import Registration
from samen.sessions.services import RegistrationData
from tests.factories import info_session

OLD = ("test1", "7gdsgkUx_Xb6DGFsbwjX91i-6kXwl-YPNsHOcJaPqOg=")
NEW = ("new2", Fernet.generate_key().decode())


def raw_row(registration):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nickname, email, phone FROM infosessions_registration WHERE id = %s",
            [registration.pk],
        )
        return cursor.fetchone()


def registrations(count):
    session = info_session(capacity=count)
    return [
        services.session_register(
            session=session,
            data=RegistrationData(
                nickname=f"Amal {n}", email=f"amal{n}@example.org", phone="0612345678"
            ),
            language="ar",
        )[0]
        for n in range(count)
    ]


def test_personal_fields_are_not_stored_in_plaintext(db):
    (registration,) = registrations(1)
    stored = raw_row(registration)
    for value, plaintext in zip(stored, ("Amal 0", "amal0@example.org", "0612345678"), strict=True):
        assert plaintext not in value
        assert value.startswith("test1$")
    fresh = Registration.objects.get(pk=registration.pk)
    assert [fresh.nickname, fresh.email, fresh.phone] == [
        "Amal 0",
        "amal0@example.org",
        "0612345678",
    ]


def test_empty_contact_stays_empty_and_can_be_filtered_on(db):
    session = info_session()
    services.session_register(session=session, data=RegistrationData(nickname="x"), language="nl")
    assert raw_row(Registration.objects.get())[1:] == ("", "")
    assert Registration.objects.filter(email="", phone="").count() == 1


def test_same_plaintext_encrypts_differently_each_time(db):
    ring = crypto.keyring()
    assert ring.encrypt("Amal") != ring.encrypt("Amal")


def test_rotation_leaves_every_row_readable_with_only_the_new_key(db):
    rows = registrations(3)
    with override_settings(ENCRYPTION_KEYS=[NEW, OLD]):
        assert rotate_keys(actor=SystemActor("test"), batch_size=2) == 9
        assert key_usage() == {"new2": 9}
        assert AuditEntry.objects.filter(action="crypto.rotate").count() == 3 * 2
    with override_settings(ENCRYPTION_KEYS=[NEW]):
        for n, row in enumerate(rows):
            fresh = Registration.objects.get(pk=row.pk)
            assert (fresh.nickname, fresh.email) == (f"Amal {n}", f"amal{n}@example.org")


def test_interrupted_rotation_continues_where_it_stopped(db, monkeypatch):
    rows = registrations(3)
    calls = {"n": 0}
    real_rotate = crypto.Keyring.rotate

    def failing_rotate(self, stored):
        calls["n"] += 1
        if calls["n"] > 1:
            raise KeyboardInterrupt
        return real_rotate(self, stored)

    with override_settings(ENCRYPTION_KEYS=[NEW, OLD]):
        monkeypatch.setattr(crypto.Keyring, "rotate", failing_rotate)
        with pytest.raises(KeyboardInterrupt):
            rotate_keys(actor=SystemActor("test"), batch_size=1)
        assert key_usage() == {"new2": 1, "test1": 8}
        monkeypatch.setattr(crypto.Keyring, "rotate", real_rotate)
        assert rotate_keys(actor=SystemActor("test"), batch_size=1) == 8
    with override_settings(ENCRYPTION_KEYS=[NEW]):
        assert [Registration.objects.get(pk=r.pk).nickname for r in rows] == [
            "Amal 0",
            "Amal 1",
            "Amal 2",
        ]


def test_rotation_without_the_old_key_stops_with_a_clear_message(db):
    registrations(1)
    with override_settings(ENCRYPTION_KEYS=[NEW]), pytest.raises(CommandError, match="test1"):
        call_command("rotate_keys")


def test_status_counts_values_per_key(db, capsys):
    registrations(2)
    call_command("rotate_keys", "--status")
    assert "key test1: 6 values" in capsys.readouterr().out


def test_a_changed_value_is_refused(db):
    ring = crypto.keyring()
    stored = ring.encrypt("Amal")
    with pytest.raises(crypto.DecryptionError):
        ring.decrypt(stored[:-4] + "AAAA")


def test_migration_encrypts_rows_written_before_encryption(db):
    migration = import_module("samen.sessions.migrations.0002_encrypt_registration_contacts")
    (registration,) = registrations(1)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE infosessions_registration SET nickname = 'Amal', email = '', phone = '' "
            "WHERE id = %s",
            [registration.pk],
        )
    migration.encrypt_existing(None, SimpleNamespace(connection=connection))
    nickname, email, phone = raw_row(registration)
    assert nickname.startswith("test1$") and email == phone == ""
    assert Registration.objects.get(pk=registration.pk).nickname == "Amal"

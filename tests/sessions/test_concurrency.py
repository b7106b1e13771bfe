"""No lost updates: change, cancel and promotion at the same moment, and rotate-keys beside an
erasure, with real threads on their own database connections (SQLite and PostgreSQL)."""

import threading
from collections.abc import Callable

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.test import override_settings

from samen.audit.models import AuditEntry
from samen.audit.services import SystemActor
from samen.core import crypto
from samen.core.errors import ApplicationError
from samen.core.rotation import rotate_keys
from samen.sessions import services
from samen.sessions.models import Registration
from samen.sessions.services import RegistrationData
from tests.factories import info_session

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*calls: Callable[[], None]) -> list[BaseException]:
    """Run each call in its own thread, all released together; returns what they raised."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call: Callable[[], None]) -> None:
        from django.db import connection as thread_connection

        barrier.wait()
        try:
            call()
        except BaseException as error:
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def register(session, nickname):
    registration, _token = services.session_register(
        session=session, data=RegistrationData(nickname=nickname), language="nl"
    )
    return registration


def test_change_and_cancel_at_once_never_overbook_or_undo_a_cancel():
    session = info_session(capacity=6)
    confirmed = [register(session, f"c{n}") for n in range(6)]
    waiting = [register(session, f"w{n}") for n in range(3)]
    assert {r.status for r in waiting} == {"waiting"}
    calls: list[Callable[[], None]] = []
    for registration in confirmed:
        calls.append(lambda r=registration: services.registration_cancel(registration=r))
        calls.append(
            lambda r=registration: services.registration_update(
                registration=r, data=RegistrationData(nickname=f"{r.nickname} changed")
            )
        )
    errors = at_once(*calls)
    # A change that came after the cancel is refused; nothing else fails.
    assert all(isinstance(error, ApplicationError) for error in errors), errors
    statuses = dict(Registration.objects.values_list("nickname", "status"))
    assert sum(status == "confirmed" for status in statuses.values()) == 3  # the 3 promoted
    for registration in confirmed:  # every confirmed cancel stays cancelled
        assert Registration.objects.get(pk=registration.pk).status == "cancelled"
    assert all(Registration.objects.get(pk=r.pk).status == "confirmed" for r in waiting)
    assert AuditEntry.objects.filter(action="registration.promoted").count() == 3


def test_cancelling_twice_at_once_is_audited_once_and_promotes_one():
    session = info_session(capacity=1)
    first = register(session, "first")
    waiting = [register(session, f"w{n}") for n in range(2)]
    errors = at_once(*[lambda: services.registration_cancel(registration=first) for _ in range(4)])
    assert errors == []
    assert AuditEntry.objects.filter(action="registration.cancelled").count() == 1
    assert AuditEntry.objects.filter(action="registration.promoted").count() == 1
    assert [Registration.objects.get(pk=r.pk).status for r in waiting] == ["confirmed", "waiting"]


def test_rotate_keys_never_brings_back_an_erased_value(monkeypatch):
    session = info_session()
    rows = [register(session, f"Amal {n}") for n in range(3)]
    new = ("new2", Fernet.generate_key().decode())
    real_rotate = crypto.Keyring.rotate
    erased = threading.Event()

    def rotate_while_erasing(self, stored):
        # Between rotate-keys reading a batch and writing it back, another worker erases
        # every registration (as purge-registrations does), and commits.
        if not erased.is_set():
            erased.set()
            assert at_once(services.purge_registrations) == []
        return real_rotate(self, stored)

    with override_settings(
        ENCRYPTION_KEYS=[new, *settings_keys()],
        SESSION_REGISTRATION_RETENTION_DAYS=-30,  # the session counts as long past
    ):
        monkeypatch.setattr(crypto.Keyring, "rotate", rotate_while_erasing)
        rotate_keys(actor=SystemActor("test"), batch_size=10)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nickname FROM infosessions_registration WHERE id IN (%s, %s, %s)",
            [row.pk for row in rows],
        )
        assert [nickname for (nickname,) in cursor.fetchall()] == ["", "", ""]


def settings_keys():
    from django.conf import settings

    return list(settings.ENCRYPTION_KEYS)

import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail

from samen.audit.models import AuditEntry
from samen.core import sms
from samen.core.errors import ApplicationError
from samen.sessions import services
from samen.sessions.models import InfoSession, Registration
from samen.sessions.services import RegistrationData
from tests.factories import info_session


def register(session, nickname="Amal", **extra):
    return services.session_register(
        session=session, data=RegistrationData(nickname=nickname, **extra), language="ar"
    )


def test_a_full_session_puts_people_on_the_waiting_list(db):
    session = info_session(capacity=2)
    first, _ = register(session, "a")
    second, _ = register(session, "b")
    third, _ = register(session, "c")
    assert [r.status for r in (first, second, third)] == ["confirmed", "confirmed", "waiting"]


def test_a_cancelled_place_goes_to_the_first_person_waiting(db, django_capture_on_commit_callbacks):
    session = info_session(capacity=1)
    first, _ = register(session, "a")
    waiting, _ = register(session, "b", email="b@example.org")
    later, _ = register(session, "c")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert later.status == Registration.Status.WAITING
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["b@example.org"]


def test_more_places_promote_people_waiting(db):
    session = info_session(capacity=1)
    register(session, "a")
    waiting, _ = register(session, "b")
    session.capacity = 2
    services._promote_waiting(session)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_private_token_is_not_stored_and_finds_the_registration(db):
    session = info_session()
    registration, token = register(session)
    assert token not in registration.token_digest
    assert services.registration_for_token(token) == registration
    assert services.registration_for_token(token + "x") is None


def test_registration_is_closed_for_cancelled_and_past_sessions(db):
    cancelled = info_session(status=InfoSession.Status.CANCELLED)
    past = info_session(days_ahead=-3)
    for session in (cancelled, past):
        with pytest.raises(ApplicationError):
            register(session)


def test_audit_keeps_no_nickname_or_contact(db):
    registration, _ = register(info_session(), "Geheimnaam", email="geheim@example.org")
    entry = AuditEntry.objects.get(action="registration.created")
    assert entry.target_id == str(registration.pk)
    assert "Geheim" not in str(entry.data) and "geheim" not in entry.actor_label


def test_messages_are_neutral_and_in_the_registrants_language(
    db, django_capture_on_commit_callbacks
):
    session = info_session(
        title={"nl": "Seksueel geweld: waar vind je hulp", "en": "Sexual violence"}
    )
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register(session, email="x@example.org", phone="0612345678")
    message = mail.outbox[-1]
    text = message.subject + message.body
    assert "geweld" not in text.lower() and "violence" not in text.lower()
    assert "/ar/sessions/r/" in message.body  # the private link, in the registrant's language
    assert sms.outbox[-1].to == "0612345678" and "geweld" not in sms.outbox[-1].body


def test_reminder_goes_once_the_day_before(db, django_capture_on_commit_callbacks):
    session = info_session(days_ahead=1)
    register(session, email="x@example.org")
    register(session, "no contact")
    other_day = info_session(days_ahead=3)
    register(other_day, email="y@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders() == 0
    assert [m.to for m in mail.outbox] == [["x@example.org"]]


def test_personal_data_is_erased_after_the_retention_period(db, settings):
    settings.SESSION_REGISTRATION_RETENTION_DAYS = 30
    session = info_session(days_ahead=1)
    registration, token = register(session, "Amal", email="a@example.org", needs_childcare=True)
    ended = session.ends_at
    with time_machine.travel(ended + dt.timedelta(days=29), tick=False):
        assert services.purge_registrations() == 0
    with time_machine.travel(ended + dt.timedelta(days=31), tick=False):
        assert services.purge_registrations() == 1
    registration.refresh_from_db()
    assert (registration.nickname, registration.email, registration.needs_childcare) == (
        "",
        "",
        False,
    )
    assert registration.purged_at is not None
    assert services.registration_for_token(token) is None
    assert Registration.objects.filter(session=session).count() == 1  # counts remain


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook():
    session = info_session(capacity=3)
    barrier = threading.Barrier(8)

    def attempt(index: int) -> None:
        from django.db import connection as thread_connection

        barrier.wait()
        try:
            register(session, f"p{index}")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = list(session.registrations.values_list("status", flat=True))
    assert statuses.count("confirmed") == 3 and statuses.count("waiting") == 5

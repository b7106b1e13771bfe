"""Writes for information sessions: organising, hosting together, registering, after the session.

Registrants have no account: their writes run as SystemActor("registrant") and the audit keeps
only that something happened to which registration, never a nickname or contact.
"""

import datetime as dt
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from samen.accounts.models import User
from samen.audit.services import Actor, SystemActor, audit_record
from samen.core.errors import ApplicationError
from samen.core.outbox import queue_email, queue_text
from samen.directory import geo
from samen.directory.hours import AMSTERDAM
from samen.directory.models import KeyPerson, Organization, TaxonomyTerm
from samen.translations.status import TextStatus, entry_for, record_written

from .models import (
    Attendance,
    Audience,
    Feedback,
    Host,
    InfoSession,
    Registration,
    Toolkit,
    token_digest,
)

REGISTRANT = SystemActor("registrant")
# Changes registrants are told about (and calendars pick up through SEQUENCE).
NOTIFIED_FIELDS = (
    "starts_at",
    "ends_at",
    "street",
    "postal_code",
    "city",
    "neighbourhood",
    "venue",
    "online_url",
    "format",
)


@dataclass
class SessionData:
    title: dict[str, str]
    description: dict[str, str]
    starts_at: dt.datetime
    ends_at: dt.datetime
    audience: str = Audience.MIXED
    format: str = InfoSession.Format.IN_PERSON
    languages: list[str] = field(default_factory=list)
    interpretation: list[str] = field(default_factory=list)
    venue: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    neighbourhood: str = ""
    address_after_registration: bool = False
    online_url: str = ""
    capacity: int | None = None
    wheelchair_accessible: bool = False
    childcare: bool = False
    sign_language: bool = False
    topics: list[TaxonomyTerm] = field(default_factory=list)
    toolkits: list[Toolkit] = field(default_factory=list)


def _check(data: SessionData) -> None:
    if data.ends_at <= data.starts_at:
        raise ApplicationError(gettext("The session must end after it starts."))
    if data.format != InfoSession.Format.ONLINE and not (data.city or data.postal_code):
        raise ApplicationError(gettext("Give at least the place of a session people attend."))
    if data.format != InfoSession.Format.IN_PERSON and not data.online_url:
        raise ApplicationError(gettext("Give the link for joining online."))


def _apply(session: InfoSession, data: SessionData, actor: User) -> None:
    record_written(
        session,
        {"title": data.title, "description": data.description},
        {"title": session.title, "description": session.description},
        entry_for(status=TextStatus.OWN, user_id=actor.pk),
    )
    for name, value in vars(data).items():
        if name not in ("topics", "toolkits"):
            setattr(session, name, value)
    point = geo.resolve_place(data.postal_code) if data.postal_code else None
    point = point or (geo.resolve_place(data.city) if data.city else None)
    session.latitude = point.latitude if point else None
    session.longitude = point.longitude if point else None


def session_create(
    *,
    actor: User,
    lead: Organization | KeyPerson,
    data: SessionData,
    repeat_every_days: int = 0,
    repeat_count: int = 1,
    status: str = InfoSession.Status.PLANNED,
) -> list[InfoSession]:
    """One session, or a series of ``repeat_count`` meetings ``repeat_every_days`` apart."""
    _check(data)
    count = max(1, min(repeat_count, 52)) if repeat_every_days else 1
    series = uuid.uuid4() if count > 1 else None
    created = []
    with transaction.atomic():
        for index in range(count):
            shift = dt.timedelta(days=repeat_every_days * index)
            session = InfoSession(created_by=actor, series=series, status=status)
            _apply(session, data, actor)
            session.starts_at = _same_local_time(data.starts_at, shift)
            session.ends_at = _same_local_time(data.ends_at, shift)
            session.save()
            session.topics.set(data.topics)
            session.toolkits.set(data.toolkits)
            Host.objects.create(
                session=session,
                is_lead=True,
                status=Host.Status.ACCEPTED,
                **_host_field(lead),
            )
            audit_record(actor=actor, action="session.created", target=session)
            created.append(session)
    return created


def _same_local_time(moment: dt.datetime, shift: dt.timedelta) -> dt.datetime:
    """Weeks later at the same wall-clock time in Amsterdam, across summer time changes."""
    local = moment.astimezone(AMSTERDAM).replace(tzinfo=None) + shift
    return local.replace(tzinfo=AMSTERDAM)


def _host_field(host: Organization | KeyPerson) -> dict[str, Any]:
    if isinstance(host, Organization):
        return {"organization": host}
    return {"key_person": host}


def session_update(*, actor: User, session: InfoSession, data: SessionData) -> InfoSession:
    _check(data)
    with transaction.atomic():
        session = InfoSession.objects.select_for_update().get(pk=session.pk)
        before = {name: getattr(session, name) for name in NOTIFIED_FIELDS}
        _apply(session, data, actor)
        changed = [name for name in NOTIFIED_FIELDS if getattr(session, name) != before[name]]
        session.sequence = F("sequence") + 1
        session.save()
        session.refresh_from_db()
        session.topics.set(data.topics)
        session.toolkits.set(data.toolkits)
        _promote_waiting(session)
        audit_record(
            actor=actor, action="session.updated", target=session, data={"changed": changed}
        )
        if changed and session.status == InfoSession.Status.PLANNED:
            _notify_registrants(session, "changed")
    return session


def session_publish(*, actor: User, session: InfoSession) -> None:
    """A draft (e.g. from an accepted match) becomes visible in the calendar."""
    if session.status != InfoSession.Status.DRAFT:
        raise ApplicationError(gettext("Only a draft can be published."))
    with transaction.atomic():
        InfoSession.objects.filter(pk=session.pk).update(
            status=InfoSession.Status.PLANNED, sequence=F("sequence") + 1
        )
        audit_record(actor=actor, action="session.published", target=session)


def session_cancel(*, actor: User, session: InfoSession, note: str) -> None:
    """Cancelled sessions stay visible as cancelled; everyone registered is told."""
    if session.status not in (InfoSession.Status.PLANNED, InfoSession.Status.DRAFT):
        raise ApplicationError(gettext("This session cannot be cancelled any more."))
    with transaction.atomic():
        session.status = InfoSession.Status.CANCELLED
        session.cancel_note = note
        session.sequence += 1
        session.save(update_fields=["status", "cancel_note", "sequence", "updated_at"])
        audit_record(actor=actor, action="session.cancelled", target=session)
        _notify_registrants(session, "cancelled")


def host_invite(*, actor: User, session: InfoSession, host: Organization | KeyPerson) -> Host:
    with transaction.atomic():
        invited, created = Host.objects.get_or_create(session=session, **_host_field(host))
        if not created:
            raise ApplicationError(gettext("They are already a host or were already asked."))
        audit_record(actor=actor, action="session.host_invited", target=invited)
    return invited


def host_answer(*, actor: User, host: Host, accept: bool) -> None:
    if host.status != Host.Status.INVITED:
        raise ApplicationError(gettext("This invitation was already answered."))
    with transaction.atomic():
        host.status = Host.Status.ACCEPTED if accept else Host.Status.DECLINED
        host.save(update_fields=["status", "updated_at"])
        InfoSession.objects.filter(pk=host.session_id).update(sequence=F("sequence") + 1)
        audit_record(
            actor=actor,
            action="session.host_accepted" if accept else "session.host_declined",
            target=host,
        )


@dataclass
class RegistrationData:
    nickname: str
    email: str = ""
    phone: str = ""
    interpreter_language: str = ""
    needs_childcare: bool = False


def session_register(
    *, session: InfoSession, data: RegistrationData, language: str, token: str = ""
) -> tuple[Registration, str]:
    """A place, or a place on the waiting list when the session is full. Returns the
    registration and its private token (shown once; only its digest is stored). The form
    passes a token made from its single-use key, so a second send can show the same link.

    The session row is locked, so concurrent registrations never overbook on PostgreSQL;
    SQLite serialises writers (transactions start IMMEDIATE)."""
    token = token or secrets.token_urlsafe(24)
    with transaction.atomic():
        locked = InfoSession.objects.select_for_update().get(pk=session.pk)
        if locked.status != InfoSession.Status.PLANNED or locked.ends_at <= timezone.now():
            raise ApplicationError(gettext("Registration for this session is closed."))
        full = locked.capacity is not None and _confirmed_count(locked) >= locked.capacity
        registration = Registration.objects.create(
            session=locked,
            token_digest=token_digest(token),
            language=language,
            status=Registration.Status.WAITING if full else Registration.Status.CONFIRMED,
            **vars(data),
        )
        audit_record(actor=REGISTRANT, action="registration.created", target=registration)
        _tell_registrant(registration.pk, "registered", token)
    return registration, token


def registrations_viewed(*, actor: User, session: InfoSession, count: int) -> None:
    """An organiser looked at the list of nicknames and needs: audited, like every read of
    personal data."""
    with transaction.atomic():
        audit_record(
            actor=actor, action="registrations.viewed", target=session, data={"count": count}
        )


def registration_for_token(token: str) -> Registration | None:
    return (
        Registration.objects.select_related("session")
        .filter(token_digest=token_digest(token), purged_at__isnull=True)
        .first()
    )


def registration_update(*, registration: Registration, data: RegistrationData) -> None:
    """Writes only the fields the registrant changed, under the session's lock (the same lock
    cancel and promotion take), so a change never writes back a status it read earlier."""
    with transaction.atomic():
        InfoSession.objects.select_for_update().get(pk=registration.session_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == Registration.Status.CANCELLED:
            raise ApplicationError(gettext("This registration was cancelled."))
        for name, value in vars(data).items():
            setattr(current, name, value)
        current.save(update_fields=[*vars(data), "updated_at"])
        audit_record(actor=REGISTRANT, action="registration.updated", target=current)


def registration_cancel(*, registration: Registration) -> None:
    """Frees the place; the first person waiting gets it at once. Cancelling again (a second
    tap, or two at once) changes nothing and is not audited twice."""
    with transaction.atomic():
        session = InfoSession.objects.select_for_update().get(pk=registration.session_id)
        cancelled = (
            Registration.objects.filter(pk=registration.pk)
            .exclude(status=Registration.Status.CANCELLED)
            .update(status=Registration.Status.CANCELLED, updated_at=timezone.now())
        )
        registration.status = Registration.Status.CANCELLED
        if not cancelled:
            return
        audit_record(actor=REGISTRANT, action="registration.cancelled", target=registration)
        _promote_waiting(session)


def _confirmed_count(session: InfoSession) -> int:
    return session.registrations.filter(status=Registration.Status.CONFIRMED).count()


def _promote_waiting(session: InfoSession) -> None:
    """Fill free places from the waiting list, first come first served (caller holds the lock)."""
    if session.status != InfoSession.Status.PLANNED:
        return
    free = None if session.capacity is None else session.capacity - _confirmed_count(session)
    waiting = session.registrations.filter(status=Registration.Status.WAITING).order_by(
        "created_at", "id"
    )
    for registration in waiting if free is None else waiting[: max(free, 0)]:
        Registration.objects.filter(pk=registration.pk).update(
            status=Registration.Status.CONFIRMED, updated_at=timezone.now()
        )
        audit_record(actor=REGISTRANT, action="registration.promoted", target=registration)
        _tell_registrant(registration.pk, "promoted", "")


def _notify_registrants(session: InfoSession, event: str) -> None:
    for pk in session.registrations.exclude(status=Registration.Status.CANCELLED).values_list(
        "pk", flat=True
    ):
        _tell_registrant(pk, event, "")


def _tell_registrant(registration_pk: int, event: str, token: str) -> None:
    """A neutral message: no topic, no organisation, nothing a person looking over the
    registrant's shoulder could read the subject from."""
    registration = Registration.objects.select_related("session").get(pk=registration_pk)
    if not (registration.email or registration.phone):
        return
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "event": event,
            "starts_at": registration.session.starts_at.astimezone(AMSTERDAM),
            "link": _private_link(token) if token else "",
        }
        text = render_to_string("sessions/email/registrant_body.txt", context).strip()
        subject = render_to_string("sessions/email/registrant_subject.txt", context).strip()
    # Queued in the caller's transaction; the private link travels only inside the body,
    # which the outbox keeps encrypted until it is sent.
    queue_email(to=registration.email, subject=subject, body=text)
    queue_text(to=registration.phone, body=text)


def _private_link(token: str) -> str:
    path = reverse("sessions:registration", kwargs={"token": token})
    return f"{settings.SITE_URL}{path}"


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """The day before: one reminder per confirmed registration with a contact."""
    now = now or timezone.now()
    tomorrow = now.astimezone(AMSTERDAM).date() + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=AMSTERDAM)
    due = Registration.objects.filter(
        session__status=InfoSession.Status.PLANNED,
        session__starts_at__gte=start,
        session__starts_at__lt=start + dt.timedelta(days=1),
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        purged_at__isnull=True,
    ).exclude(email="", phone="")
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if claimed:
                _tell_registrant(registration.pk, "reminder", "")
                sent += 1
    return sent


def purge_registrations(*, now: dt.datetime | None = None) -> int:
    """Erase registrants' personal data a set number of days after their session ended.
    The rows stay (without nickname, contact or needs) so counts remain."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.SESSION_REGISTRATION_RETENTION_DAYS)
    with transaction.atomic():
        due = Registration.objects.filter(session__ends_at__lt=cutoff, purged_at__isnull=True)
        ids = list(due.values_list("pk", flat=True))
        for pk in ids:
            Registration.objects.filter(pk=pk).update(
                nickname="",
                email="",
                phone="",
                interpreter_language="",
                needs_childcare=False,
                token_digest=token_digest(secrets.token_urlsafe(24)),
                purged_at=now,
            )
        if ids:
            audit_record(
                actor=SystemActor("purge-registrations"),
                action="registration.purged",
                data={"count": len(ids)},
            )
    return len(ids)


def attendance_record(*, actor: User, session: InfoSession, counts: dict[str, int | None]) -> None:
    if session.starts_at > timezone.now():
        raise ApplicationError(gettext("Attendance can be recorded once the session started."))
    if session.status == InfoSession.Status.CANCELLED:
        raise ApplicationError(gettext("This session was cancelled."))
    with transaction.atomic():
        Attendance.objects.update_or_create(session=session, defaults=counts)
        session.status = InfoSession.Status.HELD
        session.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="session.attendance_recorded", target=session)


def feedback_submit(*, session: InfoSession, answers: dict[str, str], language: str) -> None:
    if session.starts_at > timezone.now() or session.status == InfoSession.Status.CANCELLED:
        raise ApplicationError(gettext("Feedback opens when the session has started."))
    with transaction.atomic():
        Feedback.objects.create(session=session, language=language, **answers)


def toolkits_load(*, actor: Actor, path: Path) -> int:
    """The toolkits of the facts file, approved, with their sources (idempotent)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")).get("toolkits", [])
    with transaction.atomic():
        for entry in entries:
            publishers = entry.get("publishers", []) + entry.get("partners", [])
            Toolkit.objects.update_or_create(
                external_id=entry["source"],
                defaults={
                    "title": {"nl": entry["title"], "en": entry["title"]},
                    "publishers": publishers,
                    "format": entry.get("format", ""),
                    "languages": entry.get("languages", []),
                    "url": entry["source"],
                    "source_urls": [entry["source"]],
                    "status": Toolkit.Status.APPROVED,
                },
            )
        audit_record(actor=actor, action="toolkit.loaded", data={"count": len(entries)})
    return len(entries)


def toolkit_propose(
    *,
    actor: User,
    title: dict[str, str],
    description: dict[str, str],
    url: str,
    publishers: list[str],
    languages: list[str],
    topics: Iterable[TaxonomyTerm],
    audience: str,
    format: str,
    licence: str,
) -> Toolkit:
    with transaction.atomic():
        toolkit = Toolkit(
            title=title,
            description=description,
            url=url,
            publishers=publishers,
            languages=languages,
            audience=audience,
            format=format,
            licence=licence,
            source_urls=[url],
            proposed_by=actor,
        )
        record_written(
            toolkit,
            {"title": title, "description": description},
            {},
            entry_for(status=TextStatus.OWN, user_id=actor.pk),
        )
        toolkit.save()
        toolkit.topics.set(topics)
        audit_record(actor=actor, action="toolkit.proposed", target=toolkit)
    return toolkit


def toolkit_decide(*, actor: User, toolkit: Toolkit, approve: bool) -> None:
    if toolkit.status != Toolkit.Status.PROPOSED:
        raise ApplicationError(gettext("This proposal was already decided."))
    with transaction.atomic():
        toolkit.status = Toolkit.Status.APPROVED if approve else Toolkit.Status.REJECTED
        toolkit.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action=f"toolkit.{toolkit.status}", target=toolkit)

"""Reads of information sessions; the public calendar shows only what anyone may see."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from samen.directory.geo import GeoPoint, bounding_box, distance_km
from samen.directory.models import TaxonomyTerm
from samen.directory.policies import Viewer

from . import policies
from .models import Feedback, Host, InfoSession, Registration, Toolkit

PUBLIC_STATUSES = (InfoSession.Status.PLANNED, InfoSession.Status.CANCELLED)
CALENDAR_LIMIT = 200
# Aggregates below this are shown as "<5", so no one can be singled out.
SMALL_COUNT = 5


@dataclass(frozen=True)
class CalendarFilter:
    language: str = ""
    topic: str = ""
    audience: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    point: GeoPoint | None = None
    radius_km: float = 25


@dataclass(frozen=True)
class CalendarEntry:
    session: InfoSession
    distance_km: float | None


def _with_public_parts(sessions: QuerySet[InfoSession]) -> QuerySet[InfoSession]:
    return sessions.prefetch_related(
        Prefetch(
            "hosts",
            queryset=Host.objects.filter(status=Host.Status.ACCEPTED).select_related(
                "organization", "key_person"
            ),
            to_attr="accepted_hosts",
        ),
        Prefetch("topics", queryset=TaxonomyTerm.objects.order_by("position")),
        "toolkits",
    )


def calendar(*, filters: CalendarFilter, now: dt.datetime | None = None) -> list[CalendarEntry]:
    """Upcoming planned (and cancelled, marked) sessions, soonest first."""
    now = now or timezone.now()
    sessions = InfoSession.objects.filter(status__in=PUBLIC_STATUSES, ends_at__gte=now)
    if filters.topic:
        sessions = sessions.filter(topics__code=filters.topic)
    if filters.audience:
        sessions = sessions.filter(audience=filters.audience)
    if filters.date_from:
        sessions = sessions.filter(starts_at__date__gte=filters.date_from)
    if filters.date_to:
        sessions = sessions.filter(starts_at__date__lte=filters.date_to)
    if filters.point is not None:
        box = bounding_box(filters.point, filters.radius_km)
        sessions = sessions.filter(
            latitude__range=(box.min_lat, box.max_lat),
            longitude__range=(box.min_lon, box.max_lon),
        ) | sessions.filter(format=InfoSession.Format.ONLINE)
    entries = []
    # Languages live in a JSON list (no portable "contains" on SQLite): filtered here, on a
    # calendar that holds weeks of sessions, not the directory's thousands.
    for session in _with_public_parts(sessions.distinct().order_by("starts_at", "id"))[
        : CALENDAR_LIMIT * 2
    ]:
        if filters.language and filters.language not in (
            session.languages + session.interpretation
        ):
            continue
        distance = None
        if (
            filters.point is not None
            and session.latitude is not None
            and session.longitude is not None
        ):
            distance = distance_km(
                filters.point.latitude,
                filters.point.longitude,
                session.latitude,
                session.longitude,
            )
            if distance > filters.radius_km:
                continue
        entries.append(CalendarEntry(session, distance))
    return entries[:CALENDAR_LIMIT]


def public_session(*, session_uuid: UUID, viewer: Viewer) -> InfoSession:
    """Planned, cancelled and held sessions for everyone; drafts only for their hosts."""
    session = _with_public_parts(InfoSession.objects.filter(uuid=session_uuid)).first()
    if session is None:
        raise Http404
    if session.status == InfoSession.Status.DRAFT and not policies.can_manage_session(
        viewer, session
    ):
        raise Http404
    return session


def places_left(session: InfoSession) -> int | None:
    if session.capacity is None:
        return None
    taken = session.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return max(session.capacity - taken, 0)


def sessions_hosted_by(*, viewer: Viewer) -> QuerySet[InfoSession]:
    return _with_public_parts(
        InfoSession.objects.filter(
            hosts__in=Host.objects.filter(
                policies.host_identities(viewer), status=Host.Status.ACCEPTED
            )
        ).distinct()
    ).order_by("-starts_at")


def invitations_for(*, viewer: Viewer) -> QuerySet[Host]:
    return (
        Host.objects.filter(policies.host_identities(viewer), status=Host.Status.INVITED)
        .select_related("session", "organization", "key_person")
        .distinct()
    )


def registrations_for_organiser(*, session: InfoSession) -> QuerySet[Registration]:
    """Nicknames and needs only: contact details stay with the platform."""
    return session.registrations.exclude(status=Registration.Status.CANCELLED).only(
        "nickname",
        "interpreter_language",
        "needs_childcare",
        "status",
        "created_at",
        "session_id",
    )


def shown_count(count: int) -> str:
    return "<5" if 0 < count < SMALL_COUNT else str(count)


@dataclass(frozen=True)
class FeedbackSummary:
    responses: str
    # question -> [(answer label, shown count)]
    questions: dict[str, list[tuple[str, str]]]
    comments: list[str]


def feedback_summary(*, session: InfoSession) -> FeedbackSummary:
    """Aggregates only; with fewer than five responses, not even comments are shown."""
    rows = list(Feedback.objects.filter(session=session))
    questions: dict[str, list[tuple[str, str]]] = {}
    for question in ("useful", "knows_where_to_find_help", "would_come_again"):
        counts = Counter(getattr(row, question) for row in rows)
        questions[question] = [
            (str(answer.label), shown_count(counts[answer.value])) for answer in Feedback.Answer
        ]
    comments = [row.comment for row in rows if row.comment] if len(rows) >= SMALL_COUNT else []
    return FeedbackSummary(shown_count(len(rows)), questions, comments)


def approved_toolkits() -> QuerySet[Toolkit]:
    return Toolkit.objects.filter(status=Toolkit.Status.APPROVED).order_by("id")


def toolkit_detail(*, toolkit_uuid: UUID, viewer: Viewer) -> Toolkit:
    toolkit = Toolkit.objects.filter(uuid=toolkit_uuid).first()
    if toolkit is None or (
        toolkit.status != Toolkit.Status.APPROVED and not policies.can_decide_toolkit(viewer)
    ):
        raise Http404
    return toolkit

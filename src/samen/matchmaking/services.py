"""Writes for matchmaking: posting requests and offers, responding, accepting a match.

Notifications go to the people acting for the other side, in their language, saying only that
there is something new on samen; everything else is read after signing in."""

import datetime as dt
from dataclasses import dataclass, field
from typing import cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from samen.accounts.mail import mail_members
from samen.accounts.models import User
from samen.audit.services import audit_record
from samen.core.errors import ApplicationError
from samen.directory.hours import AMSTERDAM
from samen.directory.models import KeyPerson, Organization, TaxonomyTerm
from samen.directory.policies import EDITING_ROLES
from samen.sessions.models import Host, InfoSession
from samen.sessions.services import SessionData, session_create

from .models import MatchResponse, SessionOffer, SessionRequest

Post = SessionRequest | SessionOffer


@dataclass
class RequestData:
    region: str
    period_start: dt.date
    period_end: dt.date
    community: str = ""
    group_size: int | None = None
    languages: list[str] = field(default_factory=list)
    topics: list[TaxonomyTerm] = field(default_factory=list)
    note: str = ""
    is_public: bool = False


@dataclass
class OfferData:
    regions: str
    formats: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    topics: list[TaxonomyTerm] = field(default_factory=list)
    note: str = ""
    is_public: bool = False


def _poster_field(poster: Organization | KeyPerson) -> dict[str, Organization | KeyPerson]:
    return {"organization" if isinstance(poster, Organization) else "key_person": poster}


def request_post(
    *, actor: User, requester: Organization | KeyPerson, data: RequestData
) -> SessionRequest:
    if data.period_end < data.period_start:
        raise ApplicationError(gettext("The period must end after it starts."))
    with transaction.atomic():
        values = {name: value for name, value in vars(data).items() if name != "topics"}
        posted = SessionRequest.objects.create(
            created_by=actor, **values, **_poster_field(requester)
        )
        posted.topics.set(data.topics)
        audit_record(actor=actor, action="match.request_posted", target=posted)
    return posted


def offer_post(*, actor: User, organization: Organization, data: OfferData) -> SessionOffer:
    with transaction.atomic():
        values = {name: value for name, value in vars(data).items() if name != "topics"}
        posted = SessionOffer.objects.create(created_by=actor, organization=organization, **values)
        posted.topics.set(data.topics)
        audit_record(actor=actor, action="match.offer_posted", target=posted)
    return posted


def post_close(*, actor: User, post: Post) -> None:
    """The poster takes a post off the board; it is kept for their own overview."""
    if post.status == post.Status.CLOSED:
        return
    with transaction.atomic():
        post.status = post.Status.CLOSED
        post.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="match.post_closed", target=post)


def match_respond(
    *, actor: User, post: Post, responder: Organization | KeyPerson, message: str
) -> MatchResponse:
    with transaction.atomic():
        locked = type(post).objects.select_for_update().get(pk=post.pk)
        if locked.status != locked.Status.OPEN:
            raise ApplicationError(gettext("This is no longer open for responses."))
        target = {"request": locked} if isinstance(locked, SessionRequest) else {"offer": locked}
        pending = MatchResponse.objects.filter(
            status=MatchResponse.Status.PROPOSED, **target, **_poster_field(responder)
        )
        if pending.exists():
            raise ApplicationError(gettext("You already responded; wait for their answer."))
        response = MatchResponse.objects.create(
            created_by=actor, message=message, **target, **_poster_field(responder)
        )
        audit_record(actor=actor, action="match.responded", target=response)
        _notify(locked.poster, "responded")
    return response


def match_answer(*, actor: User, response: MatchResponse, accept: bool) -> InfoSession | None:
    """Accepting makes a draft session led by the community side (the requester) with the
    professional side as accepted co-host. A request is then matched; an offer stays open
    for other communities."""
    with transaction.atomic():
        response = MatchResponse.objects.select_for_update().get(pk=response.pk)
        if response.status != MatchResponse.Status.PROPOSED:
            raise ApplicationError(gettext("This response was already answered."))
        post = response.post
        if accept and post.status != post.Status.OPEN:
            raise ApplicationError(gettext("This is no longer open for responses."))
        response.status = MatchResponse.Status.ACCEPTED if accept else MatchResponse.Status.DECLINED
        draft = _draft_session(actor, response) if accept else None
        response.session = draft
        response.save(update_fields=["status", "session", "updated_at"])
        if accept and isinstance(post, SessionRequest):
            post.status = post.Status.MATCHED
            post.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="match.accepted" if accept else "match.declined",
            target=response,
            data={"session": str(draft.uuid)} if draft else {},
        )
        _notify(response.responder, "accepted" if accept else "declined")
    return draft


def _draft_session(actor: User, response: MatchResponse) -> InfoSession:
    if response.request is not None:
        request = response.request
        lead, partner = request.poster, response.responder
        start_day, region = request.period_start, request.region
        topics, languages = list(request.topics.all()), request.languages
        size = request.group_size
    else:
        offer = cast(SessionOffer, response.offer)  # a response is to a request or an offer
        lead, partner = response.responder, offer.organization
        start_day, region = timezone.localdate() + dt.timedelta(days=28), _first_region(offer)
        topics, languages, size = list(offer.topics.all()), offer.languages, None
    starts = dt.datetime.combine(start_day, dt.time(19, 0), tzinfo=AMSTERDAM)
    data = SessionData(
        title={"nl": gettext("Information session (draft)")},
        description={"nl": response.message},
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        city=region,
        languages=list(languages),
        topics=topics,
        capacity=size,
    )
    (draft,) = session_create(actor=actor, lead=lead, data=data, status=InfoSession.Status.DRAFT)
    Host.objects.create(
        session=draft,
        status=Host.Status.ACCEPTED,
        **_poster_field(partner),
    )
    return draft


def _first_region(offer: SessionOffer) -> str:
    return offer.regions.split(",")[0].strip()


def _recipients(side: Organization | KeyPerson) -> list[User]:
    if isinstance(side, KeyPerson):
        return [side.user]
    return list(
        User.objects.filter(
            memberships__organization=side,
            memberships__role__in=EDITING_ROLES,
            is_active=True,
        )
    )


def _notify(side: Organization | KeyPerson, event: str) -> None:
    mail_members(
        _recipients(side),
        subject=gettext_lazy("There is news about a session on samen"),
        template="matchmaking/email/news.txt",
        context={"event": event},
    )

"""Reads for matchmaking, scoped to the viewer: the board and one's own posts and responses."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from samen.directory.models import KeyPerson, Organization
from samen.directory.policies import Viewer
from samen.sessions.policies import leads_user_may_act_as

from . import policies
from .models import MatchResponse, SessionOffer, SessionRequest

BOARD_SIZE = 200


@dataclass(frozen=True)
class BoardFilter:
    text: str = ""
    topic: str = ""
    language: str = ""


def _visible(queryset: QuerySet, viewer: Viewer) -> QuerySet:
    queryset = queryset.filter(status=SessionRequest.Status.OPEN)
    return queryset if policies.is_member(viewer) else queryset.filter(is_public=True)


def _filtered(queryset: QuerySet, filters: BoardFilter, text_fields: list[str]) -> list:
    """The newest BOARD_SIZE posts that match. Languages are a short JSON list, matched in
    Python (JSON containment is not available on SQLite)."""
    if filters.topic:
        queryset = queryset.filter(topics__code=filters.topic)
    if filters.text:
        match = Q()
        for name in text_fields:
            match |= Q(**{f"{name}__icontains": filters.text})
        queryset = queryset.filter(match)
    posts = queryset.distinct().prefetch_related("topics")[:BOARD_SIZE]
    return [post for post in posts if not filters.language or filters.language in post.languages]


def board_requests(*, viewer: Viewer, filters: BoardFilter) -> list[SessionRequest]:
    queryset = _visible(SessionRequest.objects.select_related("organization", "key_person"), viewer)
    return _filtered(queryset, filters, ["community", "region", "note"])


def board_offers(*, viewer: Viewer, filters: BoardFilter) -> list[SessionOffer]:
    queryset = _visible(SessionOffer.objects.select_related("organization"), viewer)
    return _filtered(queryset, filters, ["regions", "note", "organization__name"])


def post_detail(*, viewer: Viewer, kind: str, post_uuid: UUID) -> SessionRequest | SessionOffer:
    model = SessionRequest if kind == "request" else SessionOffer
    post = model.objects.filter(uuid=post_uuid).first()
    if post is None or not policies.can_see_post(viewer, post):
        raise Http404
    return post


def responses_visible(
    *, viewer: Viewer, post: SessionRequest | SessionOffer
) -> list[MatchResponse]:
    """All responses for the poster; a responder sees only their own."""
    responses = post.responses.select_related("organization", "key_person", "session")
    return [response for response in responses if policies.can_see_response(viewer, response)]


def _sides(viewer: Viewer) -> tuple[list[int], list[int]]:
    """Primary keys of the organisations and the key-person profile the viewer acts for."""
    leads = leads_user_may_act_as(viewer)
    return (
        [lead.pk for lead in leads if isinstance(lead, Organization)],
        [lead.pk for lead in leads if isinstance(lead, KeyPerson)],
    )


def posts_of(viewer: Viewer) -> tuple[list[SessionRequest], list[SessionOffer]]:
    organizations, people = _sides(viewer)
    requests = SessionRequest.objects.filter(
        Q(organization__in=organizations) | Q(key_person__in=people)
    ).prefetch_related("responses")
    offers = SessionOffer.objects.filter(organization__in=organizations).prefetch_related(
        "responses"
    )
    return list(requests), list(offers)


def responses_of(viewer: Viewer) -> list[MatchResponse]:
    organizations, people = _sides(viewer)
    return list(
        MatchResponse.objects.filter(Q(organization__in=organizations) | Q(key_person__in=people))
        .select_related("request", "offer", "session")
        .order_by("-created_at")
    )

"""Who may see, post and answer session requests and offers."""

from samen.accounts.models import User
from samen.directory.models import KeyPerson, Organization
from samen.directory.policies import Viewer
from samen.sessions.policies import leads_user_may_act_as

from .models import MatchResponse, SessionOffer, SessionRequest

Post = SessionRequest | SessionOffer


def is_member(user: Viewer) -> bool:
    return isinstance(user, User) and user.is_active


def can_see_post(user: Viewer, post: Post) -> bool:
    """Open posts: members always, the public when the poster chose so. Matched and closed
    posts only to the poster."""
    if can_manage_post(user, post):
        return True
    return post.status == post.Status.OPEN and (post.is_public or is_member(user))


def requesters_for(user: Viewer) -> list[Organization | KeyPerson]:
    """Who a user may ask for a session as: their organisations and key-person profile."""
    return leads_user_may_act_as(user)


def offerers_for(user: Viewer) -> list[Organization]:
    """Offers come from organisations (the professionals' side), never from a person alone."""
    return [lead for lead in leads_user_may_act_as(user) if isinstance(lead, Organization)]


def can_manage_post(user: Viewer, post: Post) -> bool:
    return any(_same(lead, post.poster) for lead in leads_user_may_act_as(user))


def responders_for(user: Viewer, post: Post) -> list[Organization | KeyPerson]:
    """An organisation answers a request by offering; an organisation or key person answers
    an offer by asking. Never the poster itself."""
    if post.status != post.Status.OPEN:
        return []
    options = offerers_for(user) if isinstance(post, SessionRequest) else requesters_for(user)
    return [option for option in options if not _same(option, post.poster)]


def can_answer_response(user: Viewer, response: MatchResponse) -> bool:
    return can_manage_post(user, response.post)


def can_see_response(user: Viewer, response: MatchResponse) -> bool:
    return can_answer_response(user, response) or any(
        _same(lead, response.responder) for lead in leads_user_may_act_as(user)
    )


def _same(a: Organization | KeyPerson, b: Organization | KeyPerson) -> bool:
    return type(a) is type(b) and a.pk == b.pk

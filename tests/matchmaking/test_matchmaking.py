import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from samen.core.errors import ApplicationError
from samen.matchmaking import services
from samen.matchmaking.models import MatchResponse, SessionOffer, SessionRequest
from samen.sessions.models import Host, InfoSession
from tests.factories import TaxonomyTermFactory, client_for, form_key


def url(name, *args, language="nl"):
    with translation.override(language):
        return reverse(name, args=args)


def test_public_sees_only_posts_shown_to_everyone_members_see_all(exchange):
    anonymous = client_for(None).get(url("matchmaking:board")).content.decode()
    assert "Amsterdam, Zaandam" in anonymous and "Eritrese vrouwen" not in anonymous
    signed_in = client_for(exchange["member"]).get(url("matchmaking:board")).content.decode()
    assert "Amsterdam, Zaandam" in signed_in and "Eritrese vrouwen" in signed_in
    request_page = url("matchmaking:request", exchange["request"].uuid)
    assert client_for(None).get(request_page).status_code == 404
    assert "Eritrese vrouwen" in client_for(exchange["member"]).get(request_page).content.decode()


def test_board_is_searchable_by_text_topic_and_language(exchange):
    other_topic = TaxonomyTermFactory(code="shelter")
    client = client_for(exchange["member"])
    board = url("matchmaking:board")
    by_text = client.get(board, {"text": "eritrese"}).content.decode()
    assert "Eritrese vrouwen" in by_text and "Amsterdam, Zaandam" not in by_text
    by_language = client.get(board, {"language": "ar"}).content.decode()
    assert "Eritrese vrouwen" not in by_language and "Amsterdam, Zaandam" in by_language
    by_topic = client.get(board, {"topic": "medical-care"}).content.decode()
    assert "Eritrese vrouwen" in by_topic and "Amsterdam, Zaandam" in by_topic
    assert "Eritrese vrouwen" not in client.get(board, {"topic": other_topic.code}).content.decode()


def test_an_accepted_response_to_a_request_makes_a_draft_for_both(
    exchange, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(exchange["other_owner"]).post(
            url("matchmaking:request", exchange["request"].uuid),
            {
                "responder": str(exchange["other"].uuid),
                "message": "Wij komen graag in mei.",
                "form_key": form_key("session-response", exchange["other_owner"]),
            },
        )
    assert response.status_code == 302
    answer = MatchResponse.objects.get()
    assert answer.organization == exchange["other"]
    # The key person is told there is news, in their language, without any detail.
    (sent,) = mail.outbox
    assert sent.to == ["sleutel@example.org"]
    assert "Utrecht" not in sent.body and "Eritrese" not in sent.body and "mei" not in sent.body
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client_for(exchange["person_user"]).post(
            url("matchmaking:response-answer", answer.uuid), {"accept": "1"}
        )
    draft = InfoSession.objects.get()
    assert accepted["Location"] == url("sessions:edit", draft.uuid)
    assert draft.status == InfoSession.Status.DRAFT and draft.city == "Utrecht"
    assert draft.capacity == 15 and draft.languages == ["ti"]
    hosts = {(h.key_person_id, h.organization_id, h.is_lead, h.status) for h in draft.hosts.all()}
    assert hosts == {
        (exchange["person"].pk, None, True, Host.Status.ACCEPTED),
        (None, exchange["other"].pk, False, Host.Status.ACCEPTED),
    }
    exchange["request"].refresh_from_db()
    assert exchange["request"].status == SessionRequest.Status.MATCHED
    # Both sides can work on the draft; the public calendar does not show it.
    for user in (exchange["person_user"], exchange["other_owner"]):
        assert client_for(user).get(url("sessions:edit", draft.uuid)).status_code == 200
    assert client_for(None).get(url("sessions:detail", draft.uuid)).status_code == 404
    assert mail.outbox[-1].to == ["ander@example.org"]


def test_an_accepted_response_to_an_offer_keeps_the_offer_open(exchange):
    answer = services.match_respond(
        actor=exchange["person_user"],
        post=exchange["offer"],
        responder=exchange["person"],
        message="Graag een avond in het Arabisch.",
    )
    draft = services.match_answer(actor=exchange["other_owner"], response=answer, accept=True)
    assert draft is not None
    assert draft.hosts.get(is_lead=True).key_person == exchange["person"]
    assert draft.hosts.get(is_lead=False).organization == exchange["other"]
    exchange["offer"].refresh_from_db()
    assert exchange["offer"].status == SessionOffer.Status.OPEN


def test_a_declined_response_makes_no_session(exchange):
    answer = services.match_respond(
        actor=exchange["owner"], post=exchange["request"], responder=exchange["own"], message="x"
    )
    assert (
        services.match_answer(actor=exchange["person_user"], response=answer, accept=False) is None
    )
    answer.refresh_from_db()
    assert answer.status == MatchResponse.Status.DECLINED and not InfoSession.objects.exists()
    with pytest.raises(ApplicationError):
        services.match_answer(actor=exchange["person_user"], response=answer, accept=True)


def test_responding_twice_or_to_a_closed_post_is_refused(exchange):
    services.match_respond(
        actor=exchange["owner"], post=exchange["request"], responder=exchange["own"], message="x"
    )
    with pytest.raises(ApplicationError):
        services.match_respond(
            actor=exchange["owner"],
            post=exchange["request"],
            responder=exchange["own"],
            message="y",
        )
    services.post_close(actor=exchange["other_owner"], post=exchange["offer"])
    with pytest.raises(ApplicationError):
        services.match_respond(
            actor=exchange["owner"], post=exchange["offer"], responder=exchange["own"], message="z"
        )
    assert (
        "Amsterdam, Zaandam"
        not in client_for(exchange["member"]).get(url("matchmaking:board")).content.decode()
    )


def test_a_request_period_must_end_after_it_starts(exchange):
    response = client_for(exchange["owner"]).post(
        url("matchmaking:request-create", language="en"),
        {
            "topics": ["medical-care"],
            "languages": ["ar"],
            "region": "Tilburg",
            "period_start": "2030-05-10",
            "period_end": "2030-05-01",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The period must end after it starts." in html and 'value="Tilburg"' in html
    assert SessionRequest.objects.count() == 1


def test_responses_are_seen_by_the_poster_and_the_responder_only(exchange):
    services.match_respond(
        actor=exchange["owner"],
        post=exchange["offer"],
        responder=exchange["own"],
        message="Onze vraag aan jullie",
    )
    page = url("matchmaking:offer", exchange["offer"].uuid)
    for role, sees in (
        ("other_owner", True),
        ("owner", True),
        ("editor", True),
        ("member", False),
        ("admin", False),
        ("anonymous", False),
    ):
        html = client_for(exchange[role]).get(page).content.decode()
        assert ("Onze vraag aan jullie" in html) is sees, role


# Permission matrix: every role against every page and action.

ROLES = ["anonymous", "member", "editor", "owner", "other_owner", "admin", "person_user"]


@pytest.mark.parametrize(
    ("page", "allowed"),
    [
        ("matchmaking:mine", {"member", "editor", "owner", "other_owner", "admin", "person_user"}),
        ("matchmaking:request-create", {"editor", "owner", "other_owner", "person_user"}),
        ("matchmaking:offer-create", {"editor", "owner", "other_owner"}),
    ],
)
def test_member_pages(exchange, page, allowed):
    for role in ROLES:
        status = client_for(exchange[role]).get(url(page)).status_code
        expected = 200 if role in allowed else (302 if role == "anonymous" else 403)
        assert status == expected, (page, role)


@pytest.mark.parametrize("kind", ["request", "offer"])
def test_who_may_respond(exchange, kind):
    """A request is answered by organisations, an offer by organisations or key persons;
    never by the poster, never by someone who acts for no one."""
    post = exchange[kind]
    page = url(f"matchmaking:{kind}", post.uuid)
    allowed = {"editor"} | ({"other_owner"} if kind == "request" else {"person_user"})
    for role in ["anonymous", "member", "editor", "other_owner", "admin", "person_user"]:
        client = client_for(exchange[role])
        shown = client.get(page)
        form = shown.context.get("form") if shown.status_code == 200 else None
        if role not in allowed:
            assert form is None, role
            assert client.post(page, {"message": "x"}).status_code in (302, 403, 404), role
            continue
        responder = form.fields["responder"].choices[0][0]
        data = {"responder": responder, "message": "x", "form_key": shown.context["form_key"]}
        assert client.post(page, data).status_code == 302
    assert MatchResponse.objects.count() == len(allowed)


@pytest.mark.parametrize("kind", ["request", "offer"])
def test_only_the_poster_closes(exchange, kind):
    post = exchange[kind]
    poster = "person_user" if kind == "request" else "other_owner"
    for role in ROLES:
        if role == poster:
            continue
        status = (
            client_for(exchange[role]).post(url(f"matchmaking:{kind}-close", post.uuid)).status_code
        )
        assert status == (302 if role == "anonymous" else 403), role
        post.refresh_from_db()
        assert post.status == "open"
    client_for(exchange[poster]).post(url(f"matchmaking:{kind}-close", post.uuid))
    post.refresh_from_db()
    assert post.status == "closed"


def test_only_the_poster_answers_a_response(exchange):
    answer = services.match_respond(
        actor=exchange["owner"], post=exchange["offer"], responder=exchange["own"], message="x"
    )
    target = url("matchmaking:response-answer", answer.uuid)
    for role in ("member", "editor", "owner", "admin", "person_user"):
        assert client_for(exchange[role]).post(target, {"accept": "1"}).status_code == 403, role
    assert client_for(None).post(target, {"accept": "1"}).status_code == 302
    answer.refresh_from_db()
    assert answer.status == MatchResponse.Status.PROPOSED
    assert client_for(exchange["other_owner"]).post(target, {"accept": "0"}).status_code == 302
    answer.refresh_from_db()
    assert answer.status == MatchResponse.Status.DECLINED

"""On the session exchange a request, an offer or a response sent twice, or four times at
once, is posted once; every send shows the first one (issue 13, item 3)."""

import pytest
from django.urls import reverse
from django.utils import translation

from samen.matchmaking.models import MatchResponse, SessionOffer, SessionRequest
from tests.factories import client_for, form_key, post_at_once


def url(name, *args):
    with translation.override("nl"):
        return reverse(name, args=args)


def _request_form(exchange):
    return {
        "topics": ["medical-care"],
        "languages": ["ar"],
        "region": "Tilburg",
        "period_start": "2030-05-01",
        "period_end": "2030-05-10",
        "form_key": form_key("session-request", exchange["owner"]),
    }


def _offer_form(exchange):
    return {
        "topics": ["medical-care"],
        "languages": ["ar"],
        "regions": "Tilburg",
        "formats": ["in_person"],
        "form_key": form_key("session-offer", exchange["owner"]),
    }


FORMS = [
    ("matchmaking:request-create", _request_form, SessionRequest),
    ("matchmaking:offer-create", _offer_form, SessionOffer),
]


@pytest.mark.parametrize(("page", "fields", "model"), FORMS)
def test_a_post_sent_twice_is_on_the_exchange_once(exchange, page, fields, model):
    before = model.objects.count()
    client = client_for(exchange["owner"])
    data = fields(exchange)
    first, second = client.post(url(page), data), client.post(url(page), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert model.objects.count() == before + 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("page", "fields", "model"), FORMS)
def test_a_post_sent_four_times_at_once_is_on_the_exchange_once(exchange, page, fields, model):
    before = model.objects.count()
    clients = [client_for(exchange["owner"]) for _ in range(4)]
    responses = post_at_once(clients, url(page), fields(exchange))
    assert [response.status_code for response in responses] == [302] * 4
    assert len({response["Location"] for response in responses}) == 1
    assert model.objects.count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_response_sent_twice_and_at_once_is_one_response(exchange):
    page = url("matchmaking:request", exchange["request"].uuid)
    data = {
        "responder": str(exchange["other"].uuid),
        "message": "Wij komen graag in mei.",
        "form_key": form_key("session-response", exchange["other_owner"]),
    }
    clients = [client_for(exchange["other_owner"]) for _ in range(4)]
    responses = post_at_once(clients, page, data)
    assert [response.status_code for response in responses] == [302] * 4
    assert clients[0].post(page, data).status_code == 302  # and once more, later
    assert MatchResponse.objects.count() == 1

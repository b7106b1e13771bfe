"""A referral sent twice, or four times at once (a double tap, a retry after a timeout), is
one referral: every send lands on the list with the first one's reference (issue 13,
item 3). Real threads on their own connections, SQLite and PostgreSQL."""

import pytest
from django.contrib.messages import get_messages

from samen.audit.models import AuditEntry
from samen.core.models import OutboundMessage
from samen.referrals.models import Referral
from tests.factories import client_for, form_key, post_at_once
from tests.referrals.conftest import url
from tests.referrals.test_pages import form_fields


def test_a_referral_sent_twice_is_one_referral_with_one_reference(referral_world):
    client = client_for(referral_world["referrer"])
    fields = {
        **form_fields(referral_world),
        "form_key": form_key("referral", referral_world["referrer"]),
    }
    first = client.post(url("referrals:create"), fields)
    second = client.post(url("referrals:create"), fields)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == url("referrals:list")
    referral = Referral.objects.get()
    # The second send says what the first one did, with the same reference.
    shown = [str(message) for message in get_messages(second.wsgi_request)]
    assert len(shown) == 2 and shown[0] == shown[1] and referral.reference in shown[1]
    assert AuditEntry.objects.filter(action="referral.created").count() == 1


def test_a_key_of_another_handler_creates_nothing(referral_world):
    fields = {
        **form_fields(referral_world),
        "form_key": form_key("referral", referral_world["referrer"]),
    }
    response = client_for(referral_world["colleague"]).post(
        url("referrals:create", language="en"), fields
    )
    assert response.status_code == 200 and "This form is too old" in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_referral_sent_four_times_at_once_is_one_referral(referral_world):
    fields = {
        **form_fields(referral_world),
        "form_key": form_key("referral", referral_world["referrer"]),
    }
    clients = [client_for(referral_world["referrer"]) for _ in range(4)]
    responses = post_at_once(clients, url("referrals:create"), fields)
    assert [response.status_code for response in responses] == [302] * 4
    assert Referral.objects.count() == 1
    assert AuditEntry.objects.filter(action="referral.created").count() == 1
    assert OutboundMessage.objects.count() == 1  # the receiving handler is told once

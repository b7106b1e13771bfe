"""'Suggest an update': anonymous, cookie-free, spam-resistant, handled by the right people."""

import datetime as dt

import pytest
import time_machine

from samen.audit.models import AuditEntry
from samen.directory.forms import SuggestionForm
from samen.directory.models import ListingSuggestion
from tests.factories import client_for

TEXT = "Het telefoonnummer is veranderd sinds de zomer."


def suggest(client, organization, **extra):
    """Post a suggestion as a person would: the form was opened a minute ago."""
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) - dt.timedelta(minutes=1)):
        stamp = SuggestionForm.start_stamp()
    data = {"text": TEXT, "homepage": "", "started": stamp, **extra}
    return client.post(f"/nl/organisations/{organization.uuid}/suggest/", data)


def test_anyone_can_suggest_an_update_without_a_cookie(client, world):
    page = client.get(f"/nl/organisations/{world['own'].uuid}/suggest/")
    assert page.status_code == 200 and not page.cookies
    response = suggest(client, world["own"])
    assert response.status_code == 200
    assert not response.cookies
    suggestion = ListingSuggestion.objects.get()
    assert suggestion.text == TEXT and suggestion.organization == world["own"]
    assert AuditEntry.objects.filter(action="suggestion.submitted").count() == 1


def test_every_listing_page_links_to_the_form(client, world):
    html = client.get(f"/nl/organisations/{world['own'].uuid}/").content.decode()
    assert f"/nl/organisations/{world['own'].uuid}/suggest/" in html


def test_a_robot_filling_the_hidden_field_is_thanked_but_nothing_is_kept(client, world):
    response = suggest(client, world["own"], homepage="http://spam.example")
    assert response.status_code == 200
    assert not ListingSuggestion.objects.exists()


def test_a_form_sent_instantly_is_refused_and_keeps_the_text(client, world):
    data = {"text": TEXT, "homepage": "", "started": SuggestionForm.start_stamp()}
    response = client.post(f"/en/organisations/{world['own'].uuid}/suggest/", data)
    assert "That was very fast" in response.content.decode()
    assert TEXT in response.content.decode()
    assert not ListingSuggestion.objects.exists()


def test_a_forged_start_time_is_refused(client, world):
    response = suggest(client, world["own"], started="forged")
    assert response.status_code == 200
    assert not ListingSuggestion.objects.exists()


def test_more_than_five_an_hour_from_one_address_are_refused(client, world):
    for _ in range(5):
        suggest(client, world["own"])
    response = suggest(client, world["own"])
    assert ListingSuggestion.objects.count() == 5
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "sees", "may_handle"),
    [
        ("member", False, False),
        ("editor", True, True),
        ("owner", True, True),
        ("other_owner", False, False),
        ("admin", True, True),
    ],
)
def test_who_sees_and_handles_suggestions(world, role, sees, may_handle):
    suggestion = ListingSuggestion.objects.create(organization=world["own"], text=TEXT)
    client = client_for(world[role])
    assert (TEXT in client.get("/nl/manage/suggestions/").content.decode()) is sees
    response = client.post(f"/nl/manage/suggestions/{suggestion.uuid}/", {"status": "applied"})
    suggestion.refresh_from_db()
    if may_handle:
        assert suggestion.status == "applied"
        assert suggestion.handled_by == world[role]
        assert AuditEntry.objects.filter(action="suggestion.handled").count() == 1
    else:
        assert response.status_code == 403
        assert suggestion.status == "open"


def test_anonymous_cannot_see_the_queue(client, world):
    ListingSuggestion.objects.create(organization=world["own"], text=TEXT)
    response = client.get("/nl/manage/suggestions/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_status_is_refused_with_a_message(world):
    suggestion = ListingSuggestion.objects.create(organization=world["own"], text=TEXT)
    client = client_for(world["owner"])
    response = client.post(
        f"/en/manage/suggestions/{suggestion.uuid}/", {"status": "deleted"}, follow=True
    )
    assert "Choose applied or dismissed" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == "open"

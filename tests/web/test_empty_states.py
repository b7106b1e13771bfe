"""Issue 12, item 7: an empty community page says what it is for, how to join it, and offers a
newcomer the search and the help guide."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import info_session

EMPTY_PAGES = [
    ("directory:key-person-search", "Are you a key person?", "/en/manage/key-person/"),
    ("directory:network-list", "asks to join a network", "/en/accounts/login/"),
    ("sessions:calendar", "plan information sessions here", "/en/sessions/new/"),
    ("matchmaking:board", "asks here for an information session", "/en/exchange/requests/new/"),
]


@pytest.mark.parametrize(("name", "joining", "join_url"), EMPTY_PAGES)
def test_an_empty_page_explains_itself_and_leads_on(client, db, name, joining, join_url):
    with translation.override("en"):
        page = reverse(name)
    html = client.get(page).content.decode()
    empty = html.split('<div class="empty">', 1)[1].split("</div>", 1)[0]
    assert joining in empty and f'href="{join_url}"' in empty
    assert 'href="/en/search/">Find help' in empty
    assert 'href="/en/help-guide/">Not sure? Help guide' in empty


def test_a_page_with_entries_shows_no_empty_note(client, db):
    info_session(languages=["nl"])
    assert '<div class="empty">' not in client.get("/en/sessions/").content.decode()

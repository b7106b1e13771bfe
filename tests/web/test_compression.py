"""Anonymous pages are compressed; signed-in pages and pages that set a cookie never are."""

from django.urls import reverse

from tests.factories import client_for, member


def test_an_anonymous_search_page_is_compressed(client, real_directory):
    response = client.get("/nl/search/", {"q": "hulp"}, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_a_signed_in_page_is_never_compressed(db):
    client = client_for(member("lid@example.org"))
    response = client.get("/nl/search/", {"q": "hulp"}, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and not response.has_header("Content-Encoding")
    account = client.get(reverse("accounts:home"), HTTP_ACCEPT_ENCODING="gzip")
    assert not account.has_header("Content-Encoding")


def test_a_page_that_sets_a_cookie_is_never_compressed(client, db):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_ENCODING="gzip")
    assert response.cookies and not response.has_header("Content-Encoding")

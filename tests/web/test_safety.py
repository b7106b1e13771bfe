import pytest
from django.urls import reverse
from django.utils import translation

PUBLIC_PAGES = ["directory:home", "directory:service-search", "web:safety", "web:about-data"]


def page(name, language="nl"):
    with translation.override(language):
        return reverse(name)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_set_no_cookie(client, real_directory, name):
    response = client.get(page(name), {"q": "geweld"} if name.endswith("search") else None)
    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_quick_exit_is_the_first_focusable_element(client, db, name):
    html = client.get(page(name)).content.decode()
    body = html.split("<body>", 1)[1]
    assert body.lstrip().startswith('<a id="quick-exit"')
    assert 'data-exit-url="https://www.buienradar.nl/"' in body


def test_strict_content_security_policy(client, db):
    csp = client.get(page("directory:home"))["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_security_headers(client, db):
    response = client.get(page("directory:home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store"


def test_no_inline_script_or_style_and_no_other_origin(client, real_directory):
    html = client.get(page("directory:home")).content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    for tag in ('<script src="http', '<link rel="stylesheet" href="http', '<img src="http'):
        assert tag not in html


def test_safety_page_explains_how_to_clear_traces(client, db):
    html = client.get(page("web:safety", "en")).content.decode()
    assert "private window" in html
    assert "Shift three times" in html
    # What the quick exit does not do, how to clear the history, and 112 as a link to call.
    assert "It does not delete anything" in html
    assert "Android (Chrome)" in html and "iPhone (Safari)" in html
    assert '<a class="call" href="tel:112">' in html


def test_not_found_page_keeps_the_quick_exit_and_the_language(client, db):
    response = client.get("/ar/services/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'id="quick-exit"' in html
    assert not response.cookies


def test_server_error_page_keeps_the_quick_exit(rf, db):
    from samen.web.views import server_error

    request = rf.get("/nl/")
    response = server_error(request)
    assert response.status_code == 500
    assert 'id="quick-exit"' in response.content.decode()


@pytest.mark.parametrize("path", ["/ar/does-not-exist/", "/ar/services/not-a-uuid/"])
def test_a_path_that_matches_nothing_answers_in_its_prefix_language_with_a_way_home(
    client, db, path
):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'id="quick-exit"' in html
    assert 'href="/ar/"' in html and 'href="tel:112"' in html


def test_server_error_page_speaks_the_language_of_the_path(rf, db):
    from samen.web.views import server_error

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = server_error(rf.get("/ar/search/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in html
    assert 'href="/ar/"' in html and 'href="tel:112"' in html
    assert "boom" not in html


def test_favicon_is_served_at_the_root_and_linked_from_every_page(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert not response.cookies
    html = client.get("/nl/").content.decode()
    assert 'rel="icon" href="/static/samen/favicon' in html


def test_every_public_page_of_the_member_features_sets_no_cookie(client, db):
    from samen.accounts.models import User
    from samen.directory.models import KeyPerson, Network, Organization

    organization = Organization.objects.create(name="Open")
    network = Network.objects.create(name="Netwerk")
    person = KeyPerson.objects.create(
        user=User.objects.create_user("kp", "kp@example.org"),
        display_name="Openbaar",
        visibility="public",
    )
    for path in (
        "/nl/organisations/",
        f"/nl/organisations/{organization.uuid}/",
        f"/nl/organisations/{organization.uuid}/suggest/",
        "/nl/networks/",
        f"/nl/networks/{network.uuid}/",
        "/nl/people/",
        f"/nl/people/{person.uuid}/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not response.cookies, path


def test_language_links_are_the_same_page_in_each_language():
    from django.urls import translate_url
    from django.utils import translation

    from samen.web.context_processors import in_language

    for path in ("/nl/search/", "/ar/sessions/r/abc/", "/en/", "/nl/referrals/export.csv"):
        # As in a request: the active language is the one in the path.
        with translation.override(path.split("/")[1]):
            for code in ("nl", "en", "ar"):
                assert (
                    in_language(path, code)
                    == translate_url(path, code)
                    == f"/{code}/" + (path.split("/", 2)[2])
                )

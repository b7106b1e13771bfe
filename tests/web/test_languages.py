"""Twelve interface languages: prefixes, lang/dir, the switch, hreflang, the choice from
Accept-Language without a cookie, and the honest draft note (issue 10)."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language_info

from samen.core.translation_status import catalogue_status, parse_status

CODES = [code for code, _name in settings.LANGUAGES]
RTL = {"ar", "fa", "prs", "ps"}


def test_the_twelve_languages():
    assert CODES == ["nl", "en", "ar", "fa", "prs", "ps", "ti", "so", "tr", "uk", "ru", "fr"]


@pytest.mark.parametrize("code", CODES)
def test_every_language_serves_the_home_page_with_lang_and_dir(client, db, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    direction = "rtl" if code in RTL else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in html
    assert not response.cookies
    assert get_language_info(code)["bidi"] == (code in RTL)


def test_the_switch_names_each_language_in_its_own_script(client, db):
    html = client.get("/ti/safety/").content.decode()
    for code, name in settings.LANGUAGES:
        assert f'href="/{code}/safety/" lang="{code}"' in html
        assert f">{name}</a>" in html
    assert re.search(r'href="/ti/safety/"[^>]*aria-current="true"', html)


def test_every_page_has_hreflang_alternates(client, db):
    html = client.get("/fa/search/?q=geweld").content.decode()
    for code in CODES:
        assert f'<link rel="alternate" hreflang="{code}" href="/{code}/search/?q=geweld">' in html


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("fa-IR,fa;q=0.9,en;q=0.5", "/fa/"),
        ("ti", "/ti/"),
        ("uk-UA", "/uk/"),
        ("de-DE,de;q=0.9", "/nl/"),
        ("", "/nl/"),
    ],
)
def test_the_root_sends_a_visitor_to_their_language_without_a_cookie(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302 and response["Location"] == expected
    assert not response.cookies
    assert "Accept-Language" in response.get("Vary", "")


def test_a_draft_translation_says_so_and_links_to_the_dutch_page(client, db):
    html = client.get("/so/safety/").content.decode()
    assert 'class="draft-note"' in html
    assert re.search(r'class="draft-note">[^<]+<a href="/nl/safety/" lang="nl"', html)
    dutch = client.get("/nl/safety/").content.decode()
    assert re.search(r'class="draft-note">[^<]+<a href="/en/safety/" lang="en"', dutch)
    assert 'class="draft-note"' not in client.get("/en/safety/").content.decode()


def test_every_language_has_an_honest_status():
    for code in CODES:
        status = catalogue_status(code)
        assert status.status in ("source", "draft", "reviewed")
        if status.status == "reviewed":
            assert status.reviewer and status.reviewed
    assert catalogue_status(settings.SOURCE_LANGUAGE).status == "source"


def test_a_reviewed_status_needs_a_reviewer_and_a_date():
    import datetime as dt

    with pytest.raises(ImproperlyConfigured):
        parse_status("ti", {"status": "reviewed"})
    with pytest.raises(ImproperlyConfigured):
        parse_status("ti", {"status": "reviewed", "reviewer": "Someone"})
    with pytest.raises(ImproperlyConfigured):
        parse_status("ti", {"status": "checked"})
    ok = parse_status(
        "ti", {"status": "reviewed", "reviewer": "A", "reviewed": dt.date(2027, 1, 5)}
    )
    assert not ok.is_draft


@pytest.mark.parametrize("code", [c for c in CODES if c != settings.SOURCE_LANGUAGE])
def test_every_catalogue_declares_its_language_and_plural_forms(code):
    header = (settings.LOCALE_PATHS[0] / code / "LC_MESSAGES" / "django.po").read_text("utf-8")
    header = header.split("\n\n", 1)[0]
    assert f'"Language: {code}\\n"' in header
    assert "Plural-Forms: nplurals=" in header and "INTEGER" not in header


@pytest.mark.parametrize("code", ["prs", "ps", "ti", "so"])
def test_sign_in_pages_never_fall_back_to_dutch(client, db, code):
    """allauth and Django have no catalogue for these languages: samen's own covers them."""
    dutch = ["Aanmelden", "Wachtwoord vergeten", "Registreren", "Wachtwoord (bevestigen)"]
    for path in ("accounts/login/", "accounts/signup/", "accounts/password/reset/"):
        html = client.get(f"/{code}/{path}").content.decode()
        main = html.split("<main", 1)[1].split("</main>", 1)[0]
        assert not [word for word in dutch if word in main], (code, path)
    errors = client.post(f"/{code}/accounts/login/", {"login": "", "password": ""})
    assert "Dit veld is verplicht" not in errors.content.decode()

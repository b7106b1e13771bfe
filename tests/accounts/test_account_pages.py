"""The account pages behind sign-in (e-mail, password, two-factor authentication, where you
are signed in, signing out) in every language (issue 10): allauth ships no catalogue for
Dari, Pashto, Tigrinya and Somali, so samen's own covers them; no page falls back to Dutch
or shows allauth's English."""

import re

import polib
import pytest
from django.conf import settings
from django.utils import translation

from samen.accounts.allauth_account_messages import ACCOUNT_PAGE_MESSAGES
from samen.accounts.allauth_messages import SIGN_IN_MESSAGES
from tests.factories import client_for, member

PAGES = (
    "accounts/email/",
    "accounts/password/change/",
    "accounts/2fa/",
    "accounts/2fa/totp/activate/",
    "accounts/sessions/",
    "accounts/logout/",
)
PLACEHOLDER = re.compile(r"%\(\w+\)|%s|\{|<")


def _checked_texts() -> list[str]:
    """allauth's texts long enough to be told apart from a name, without placeholders."""
    return [
        text
        for text in (*ACCOUNT_PAGE_MESSAGES, *SIGN_IN_MESSAGES)
        if len(text) > 12 and not PLACEHOLDER.search(text)
    ]


def _dutch() -> dict[str, str]:
    catalogue = polib.pofile(str(settings.LOCALE_PATHS[0] / "nl" / "LC_MESSAGES" / "django.po"))
    return {entry.msgid: entry.msgstr for entry in catalogue if entry.msgstr}


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["prs", "ps", "ti", "so", "ar", "uk"])
def test_account_pages_are_in_the_language_of_the_page(code):
    client = client_for(member("lid@example.org"))
    dutch = _dutch()
    texts = _checked_texts()
    with translation.override(code):
        own = {text: translation.gettext(text) for text in texts}
    for page in PAGES:
        response = client.get(f"/{code}/{page}", follow=True)
        assert response.status_code == 200, page
        html = response.content.decode()
        main = html.split("<main", 1)[1].split("</main>", 1)[0]
        for text in texts:
            if own[text] in (text, dutch.get(text)):
                continue  # the same words in this language
            assert text not in main, (code, page, text)
            assert not dutch.get(text) or dutch[text] not in main, (code, page, text)


@pytest.mark.parametrize("language", ["prs", "ps", "ti", "so"])
def test_how_long_ago_is_told_in_languages_django_has_no_catalogue_for(language):
    """allauth's "where you are signed in" page says how long ago with `naturaltime`."""
    import datetime as dt

    from django.contrib.humanize.templatetags.humanize import naturaltime
    from django.utils import timezone, translation

    now = timezone.now()
    with translation.override(language):
        hours = naturaltime(now - dt.timedelta(hours=2))
        days = naturaltime(now - dt.timedelta(days=3, hours=1))
    assert "ago" not in hours and "hours" not in hours
    assert "ago" not in days and "days" not in days

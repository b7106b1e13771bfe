"""Who may translate content in the web app: a person a platform administrator gave the
language (User.translator_languages, set in the admin and audited)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from samen.accounts.models import User


def translator_languages(user: User | AnonymousUser) -> list[str]:
    """The languages ``user`` translates, in settings' order (none for anyone else)."""
    if not user.is_authenticated or not user.is_active:
        return []
    given = set(getattr(user, "translator_languages", None) or [])
    return [code for code, _name in settings.LANGUAGES if code in given]


def may_translate(user: User | AnonymousUser, language: str) -> bool:
    return language in translator_languages(user)

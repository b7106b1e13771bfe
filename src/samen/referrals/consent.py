"""The consent text a referrer reads to (or with) the person, versioned and translated.

Changing the text's meaning means a new CONSENT_TEXT_VERSION: each consent records the version,
the language it was shown in and a digest of the exact text.
"""

import hashlib

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

CONSENT_TEXT_VERSION = "2026-11"


def consent_languages() -> list[str]:
    """Languages the consent text is available in: the interface languages."""
    return [code for code, _name in settings.LANGUAGES]


def consent_text(language: str) -> str:
    with translation.override(language):
        return render_to_string("referrals/consent_text.txt").strip()


def consent_digest(language: str) -> str:
    return hashlib.sha256(consent_text(language).encode()).hexdigest()

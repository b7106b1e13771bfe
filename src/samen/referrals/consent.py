"""The consent text a referrer reads to (or with) the person, versioned and translated.

Changing the text's meaning means a new CONSENT_TEXT_VERSION. Each language's text has its own
version (consent_version: the meaning's version, the language and the start of the text's
SHA-256), so a corrected translation is a new version too; each consent records that version,
the language and the digest of the exact text read.
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


def consent_version(language: str) -> str:
    """For example "2026-11-ti-3fa2c91b": at most 20 characters (Consent.text_version)."""
    return f"{CONSENT_TEXT_VERSION}-{language}-{consent_digest(language)[:8]}"

"""Translatable content: one JSON value per field, keyed by language code, with a fallback chain.

A new language needs no migration: it is one more key in the JSON object.
"""

import unicodedata
from collections.abc import Mapping

from django.conf import settings
from django.db import models
from django.utils.translation import get_language


def fallback_chain(language: str | None) -> list[str]:
    """Requested language (and its base, "pt-br" -> "pt"), then nl, then en."""
    chain: list[str] = []
    if language:
        chain.append(language)
        base = language.split("-")[0]
        if base != language:
            chain.append(base)
    for code in settings.CONTENT_FALLBACK_LANGUAGES:
        if code not in chain:
            chain.append(code)
    return chain


def pick(value: Mapping[str, str] | None, language: str | None = None) -> str:
    """The text of ``value`` in ``language`` or the first language of its fallback chain."""
    return pick_with_language(value, language)[0]


def pick_with_language(
    value: Mapping[str, str] | None, language: str | None = None
) -> tuple[str, str | None]:
    """Text and the language it is in, so a template can set ``lang`` on a fallback."""
    if not value:
        return "", None
    for code in fallback_chain(language or get_language()):
        text = value.get(code)
        if text:
            return text, code
    code, text = next(iter(sorted(value.items())))
    return text, code


class TranslatedField(models.JSONField):
    """A JSON object {"nl": "...", "en": "...", "ar": "..."} holding one text in many languages."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for search: "Één" -> "een".

    Arabic diacritics (harakat) are combining marks too, so they fold away the same way.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class TextStatusField(models.JSONField):
    """Per text field and language: who wrote it and whether a native speaker checked it
    (samen.translations.status)."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

"""Template helpers for translated content and phone links."""

from collections.abc import Mapping

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from samen.core.translation import pick_with_language
from samen.directory.languages import autonym as language_autonym
from samen.directory.languages import direction

register = template.Library()


@register.simple_tag
def tr(value: Mapping[str, str] | None) -> SafeString:
    """Content text in the visitor's language; a fallback is marked with its own lang and dir."""
    text, language = pick_with_language(value)
    if language and language != get_language():
        return format_html(
            '<span lang="{}" dir="{}">{}</span>', language, direction(language), text
        )
    return format_html("{}", text)


@register.filter
def autonym(code: str) -> str:
    return language_autonym(code)

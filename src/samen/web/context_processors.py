"""Template context every public page needs: language links and the quick-exit target."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_from_path

from samen.core.translation_status import catalogue_status
from samen.directory.languages import direction


def in_language(path: str, code: str) -> str:
    """The same page in another language. URL patterns are not translated, so swapping the
    language prefix is what translate_url would do, without resolving the URL three times."""
    current = get_language_from_path(path)
    if current and path.startswith(f"/{current}/"):
        return f"/{code}/{path[len(current) + 2 :]}"
    return translate_url(path, code)


def public_chrome(request: HttpRequest) -> dict[str, Any]:
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    links = [
        {
            "code": code,
            "name": name,
            "dir": direction(code),
            "url": in_language(request.path, code) + suffix,
        }
        for code, name in settings.LANGUAGES
    ]
    language = get_language() or settings.LANGUAGE_CODE
    # A draft translation says so, with the page in Dutch (or, on a Dutch page, in English).
    reference = settings.SOURCE_LANGUAGE if language == settings.LANGUAGE_CODE else "nl"
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "language_links": links,
        "translation_draft": catalogue_status(language).is_draft,
        "translation_reference": next(link for link in links if link["code"] == reference),
    }

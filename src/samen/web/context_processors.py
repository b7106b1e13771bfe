"""Template context every public page needs: language links and the quick-exit target."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url

from samen.directory.languages import autonym, direction


def public_chrome(request: HttpRequest) -> dict[str, Any]:
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "language_links": [
            {
                "code": code,
                "name": autonym(code),
                "dir": direction(code),
                "url": translate_url(request.path, code) + suffix,
            }
            for code, _name in settings.LANGUAGES
        ],
    }

"""Static public pages (safety tips, about the data, errors) and uploaded logos."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language, get_language_from_path
from django.views.static import serve

from samen.core.errors import Refused

from .words import WORDS


def safety(request: HttpRequest) -> HttpResponse:
    return render(request, "web/safety.html")


def about_data(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about_data.html")


def words(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/words.html",
        {"words": WORDS, "is_dutch": get_language() == "nl"},
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 with the full public chrome, so the quick exit is there too, in the language of the
    path's prefix (also when the rest of the path matches nothing)."""
    with translation.override(get_language_from_path(request.path) or get_language()):
        return render(request, "web/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403 with the public chrome; a refusal with a reason (core.errors.Refused) says it."""
    reason = exception.message if isinstance(exception, Refused) else ""
    return render(request, "web/403.html", {"reason": reason}, status=403)


# Seconds a visitor (or a proxy) is asked to wait when the database is out of reach.
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """500 with the public chrome; when the database is unreachable or stayed locked past
    SQLite's busy timeout, a calm 503 with Retry-After instead (the page needs no database)."""
    error = sys.exc_info()[1]
    # The error may have struck before the language middleware ran.
    with translation.override(get_language_from_path(request.path) or get_language()):
        if not isinstance(error, OperationalError | InterfaceError):
            return render(request, "web/500.html", status=500)
        response = render(request, "web/503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Uploaded logos (small and few); in production the web server serves /media/ itself."""
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))

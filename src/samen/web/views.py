"""Static public pages (safety tips, about the data, errors) and uploaded logos."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import get_language
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
    """404 with the full public chrome, so the quick exit is there too."""
    return render(request, "web/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403 with the public chrome; a refusal with a reason (core.errors.Refused) says it."""
    reason = exception.message if isinstance(exception, Refused) else ""
    return render(request, "web/403.html", {"reason": reason}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "web/500.html", status=500)


def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Uploaded logos (small and few); in production the web server serves /media/ itself."""
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))

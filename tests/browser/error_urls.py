"""Test-only URLconf: samen's own, plus two paths that fail the way production fails, so a
browser sees the real 500 and 503 pages (samen.web.views.server_error renders them)."""

from django.conf.urls.i18n import i18n_patterns
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from samen import urls


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


def database_unreachable(request: HttpRequest) -> HttpResponse:
    raise OperationalError("could not connect to server")


urlpatterns = [
    *urls.urlpatterns,
    *i18n_patterns(
        path("test-errors/500/", broken),
        path("test-errors/503/", database_unreachable),
        prefix_default_language=True,
    ),
]

handler403 = urls.handler403
handler404 = urls.handler404
handler500 = urls.handler500

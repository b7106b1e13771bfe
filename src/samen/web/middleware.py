"""Security headers that Django's SecurityMiddleware does not set itself, the request size
limit, and compression of anonymous pages."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        # Pages about help after violence should not linger in shared caches or history snapshots.
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class RequestSizeLimitMiddleware:
    """A request body over SAMEN_MAX_REQUEST_BYTES is refused from its Content-Length, before
    a byte of it is read (the proxy refuses it earlier still: docs/operations.md). Django reads
    no body without a Content-Length, so a chunked body is never read either."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            response = render(
                request,
                "web/413.html",
                {"limit_mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)},
                status=413,
            )
            # The unread body makes the connection unusable for a next request.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class AnonymousGZipMiddleware(GZipMiddleware):
    """Compress what anonymous visitors get (a search page goes from about 19 to 5 kB on a
    slow phone connection), never a signed-in page or one that sets a cookie: a compressed
    page holding a secret beside text an attacker controls leaks it (BREACH), and only
    signed-in pages hold secrets."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or response.cookies:
            return response
        return super().process_response(request, response)

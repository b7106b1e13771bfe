"""Structured logs (structlog): one JSON object a line, from samen's own loggers and from
every library that logs through the standard `logging` module.

What goes in a log line is ids, counts, names of views and error classes. Never a query
string, a search text, an address or any other value a person typed: the request log below
names the view, not the URL.
"""

import time
from collections.abc import Callable
from typing import Any

import structlog
from django.http import HttpRequest, HttpResponse

# Applied to every record, from structlog or from the standard library.
SHARED_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def formatter(*, format: str = "json") -> structlog.stdlib.ProcessorFormatter:
    """The logging formatter of settings.LOGGING: JSON lines, or readable lines in development."""
    renderer: Any = (
        structlog.dev.ConsoleRenderer(colors=False)
        if format == "console"
        else structlog.processors.JSONRenderer()
    )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*SHARED_PROCESSORS, structlog.stdlib.ExtraAdder()],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )


def configure() -> None:
    """structlog's own loggers hand their events to the standard library's handlers."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *SHARED_PROCESSORS,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


request_logger = structlog.get_logger("samen.request")


class RequestLogMiddleware:
    """One line per request: method, the view's name, status and duration. The path is left
    out on purpose: it can hold a private link's token, and the query string a search."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        response = self.get_response(request)
        match = request.resolver_match
        request_logger.info(
            "request",
            method=request.method,
            view=match.view_name if match else None,
            status=response.status_code,
            duration_ms=round((time.monotonic() - started) * 1000, 1),
        )
        return response

"""A short-lived cache of anonymous public pages, in this process's memory only.

Search, service and organisation pages are what newcomers ask for most, and the same popular
queries come again and again. A page rendered for an anonymous visitor (no cookie, nothing
personal on it) is kept for `MICROCACHE_SECONDS` (at most 60) in a bounded LRU dictionary of
this process. Never on disk and never in a shared store: a search URL says what a person looked
for. A page that sets a cookie, carries a form stamp or was rendered for a signed-in member is
never kept.

Any change to the directory (a model of the directory app saved or deleted, or any audited
change, which every write service makes) drops every kept page: at once in the process that
made it, and in the other processes within `GENERATION_CHECK_SECONDS`, through a generation
token in the shared cache that each process reads at most once a second.

Values derived from the directory that many pages show (the day-and-night lines, the topic
options) are kept the same way by `derived`: in this process, for as long as the generation
stays the same (and at most DERIVED_SECONDS), so a page that is not kept still asks the
database only for what is its own.
"""

import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse

from . import stamps

logger = logging.getLogger(__name__)

GENERATION_KEY = "samen:microcache:generation"
GENERATION_CHECK_SECONDS = 1.0
MAX_SECONDS = 60
# A derived value is built again after this long even when nothing said the directory changed
# (a change made outside the app, straight in the database).
DERIVED_SECONDS = 600

T = TypeVar("T")


@dataclass(frozen=True)
class _Entry:
    generation: str
    expires: float
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes


class MicroCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: OrderedDict[tuple[str, str, int], _Entry] = OrderedDict()
        self._derived: dict[str, tuple[str, float, Any]] = {}
        self._generation = ""
        self._generation_read = 0.0

    # The generation: one token for "the directory as it is now".

    def generation(self) -> str | None:
        """The shared generation token, read at most once a second; None while the shared
        cache cannot be read (pages are then neither kept nor served)."""
        now = time.monotonic()
        if now - self._generation_read >= GENERATION_CHECK_SECONDS:
            try:
                shared = cache.get(GENERATION_KEY)
            except DatabaseError:
                logger.warning("microcache: the shared cache cannot be read")
                return None
            with self._lock:
                self._generation = str(shared)
                self._generation_read = now
        return self._generation

    def bump(self) -> None:
        """The directory changed (committed): drop this process's pages and tell the other
        processes."""
        self.clear()
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._derived.clear()
            self._generation_read = 0.0

    # Pages.

    def get(self, key: tuple[str, str, int], generation: str) -> HttpResponse | None:
        with self._lock:
            entry = self._pages.get(key)
            if entry is None:
                return None
            if entry.generation != generation or entry.expires <= time.monotonic():
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
        response = HttpResponse(entry.content, status=entry.status)
        for name, value in entry.headers:
            response.headers[name] = value
        return response

    def put(self, key: tuple[str, str, int], response: HttpResponse, generation: str) -> None:
        seconds = min(settings.MICROCACHE_SECONDS, MAX_SECONDS)
        entry = _Entry(
            generation=generation,
            expires=time.monotonic() + seconds,
            status=response.status_code,
            headers=tuple(response.headers.items()),
            content=response.content,
        )
        with self._lock:
            self._pages[key] = entry
            self._pages.move_to_end(key)
            while len(self._pages) > settings.MICROCACHE_ENTRIES:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)

    # Values derived from the directory.

    def derived(self, name: str, build: Callable[[], T]) -> T:
        """`build()`, kept under `name` while the directory's generation stays the same. The
        value is shared by the threads of this process: callers must not change it."""
        generation = self.generation()
        if generation is None:
            return build()
        now = time.monotonic()
        with self._lock:
            entry = self._derived.get(name)
        if entry is not None and entry[0] == generation and entry[1] > now:
            return entry[2]  # type: ignore[no-any-return]
        value = build()
        with self._lock:
            self._derived[name] = (generation, now + DERIVED_SECONDS, value)
        return value


pages = MicroCache()
derived = pages.derived


def directory_changed(**_kwargs: Any) -> None:
    """Signal receiver: drop this process's pages now, and every process's pages once the
    change is committed (a page rendered in between could show the data from before it).
    The shared token is written once per transaction, however many rows it changes."""
    pages.clear()
    connection = transaction.get_connection()
    if not any(callback == pages.bump for _sids, callback, _robust in connection.run_on_commit):
        transaction.on_commit(pages.bump, robust=True)


def _cacheable_request(request: HttpRequest) -> bool:
    if settings.MICROCACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    """Only a plain page that gives this visitor nothing of their own: no cookie, no session,
    no CSRF token, no message."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    return messages is None or not messages.added_new


def anonymous_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep the view's page for anonymous visitors for a short time (module docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        generation = pages.generation()
        if generation is None:
            return view(request, *args, **kwargs)
        # The minute is part of the key: "open now" changes on the minute, as opening hours
        # do, and a kept page never outlives the minute it was made in.
        key = (request.LANGUAGE_CODE, request.get_full_path(), int(time.time() // 60))
        kept = pages.get(key, generation)
        if kept is not None:
            return kept
        token = stamps.issued.set(False)
        try:
            response = view(request, *args, **kwargs)
            own = stamps.issued.get()
        finally:
            stamps.issued.reset(token)
        if not own and _cacheable_response(request, response):
            pages.put(key, response, generation)
        return response

    return wrapper

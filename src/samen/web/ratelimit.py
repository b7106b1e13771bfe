"""A fixed-window rate limit for anonymous forms, counted in the shared cache so every worker
and every restart sees the same count. Keyed on a hash of the address, never the address."""

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from samen.core.clients import client_ip

LOCK_SECONDS = 5
LOCK_WAIT_SECONDS = 2.0


@contextmanager
def _counter_lock(key: str) -> Iterator[None]:
    """One counter update at a time: the database cache's incr is a read and a write, so two
    workers could both read 4 and both write 5. `cache.add` is atomic on every backend."""
    lock = f"{key}:lock"
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while not cache.add(lock, 1, timeout=LOCK_SECONDS):
        if time.monotonic() > deadline:
            break  # a crashed holder: its lock expires; count without it meanwhile
        time.sleep(0.01)
    try:
        yield
    finally:
        cache.delete(lock)


def allow(
    request: HttpRequest, *, action: str, limit: int, window_seconds: int, key: str = ""
) -> bool:
    """True while this client (or `key`, e.g. an account) made fewer than `limit` attempts in
    the current window (windows start at multiples of `window_seconds`)."""
    who = key or client_ip(request) or ""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{action}:{who}".encode()).hexdigest()
    window = int(time.time() // window_seconds)
    counter = f"ratelimit:{action}:{digest[:32]}:{window}"
    with _counter_lock(counter):
        cache.add(counter, 0, timeout=window_seconds)
        try:
            count = cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.set(counter, 1, timeout=window_seconds)
            count = 1
    return count <= limit

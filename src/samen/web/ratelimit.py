"""A small fixed-window rate limit for anonymous forms, keyed on a hash of the address."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def allow(
    request: HttpRequest, *, action: str, limit: int, window_seconds: int, key: str = ""
) -> bool:
    """True while this client (or `key`, e.g. an account) made fewer than `limit` attempts in
    the current window.

    The address itself is never stored: only a keyed hash of it, for the window's length.
    """
    who = key or request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{action}:{who}".encode()).hexdigest()
    key = f"ratelimit:{action}:{digest[:32]}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit

"""A fixed-window rate limit for anonymous forms and the API, counted where every worker and
every restart sees the same count: in one atomic database statement when the shared cache is
the database (the default), otherwise in that cache (Redis). Keyed on a hash of the address,
never the address."""

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection, transaction
from django.http import HttpRequest

from samen.core.clients import client_ip
from samen.core.models import RateCounter

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
    if isinstance(caches["default"], DatabaseCache):
        start = window * window_seconds
        return _count_in_database(f"{action}:{digest[:32]}", start, window_seconds) <= limit
    counter = f"ratelimit:{action}:{digest[:32]}:{window}"
    with _counter_lock(counter):
        cache.add(counter, 0, timeout=window_seconds)
        try:
            count = cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.set(counter, 1, timeout=window_seconds)
            count = 1
    return count <= limit


def _count_in_database(name: str, window_start: int, window_seconds: int) -> int:
    """Count one more attempt in the client's current window and return the count: one
    INSERT ... ON CONFLICT ... RETURNING (SQLite 3.35+ and PostgreSQL), atomic without a lock,
    where the database cache needs about seventeen statements for its lock, add and incr.
    The first attempt of a window also clears the counters whose windows have ended."""
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    expires = window_start + window_seconds
    # On PostgreSQL the counter commits without waiting for the disk (a count lost in a crash
    # costs nothing; the wait cost ~4 ms, more than an API page) - but only in a transaction of
    # its own, never relaxing a caller's writes.
    relaxed = connection.vendor == "postgresql" and not connection.in_atomic_block
    with (
        transaction.atomic(savepoint=False) if relaxed else nullcontext(),
        connection.cursor() as cursor,
    ):
        if relaxed:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(
            f"INSERT INTO {table} (name, window_start, expires, count) VALUES (%s, %s, %s, 1) "  # noqa: S608 (the table name is ours)
            f"ON CONFLICT (name) DO UPDATE SET "
            f"count = CASE WHEN {table}.window_start = excluded.window_start "
            f"THEN {table}.count + 1 ELSE 1 END, "
            f"window_start = excluded.window_start, expires = excluded.expires "
            f"RETURNING count",
            [name, window_start, expires],
        )
        (count,) = cursor.fetchone()
    if count == 1:
        RateCounter.objects.filter(expires__lt=int(time.time())).delete()
    return int(count)

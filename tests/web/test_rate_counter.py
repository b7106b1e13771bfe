"""Rate limits counted in the database: one atomic statement per attempt, exact under
concurrent requests, windows that end start again at one."""

import threading
import time

import pytest
from django.db import connections

from samen.core.models import RateCounter
from samen.web.ratelimit import _count_in_database
from tests.factories import ServiceFactory


def test_an_api_request_counts_its_limit_in_one_statement(db, client, django_assert_num_queries):
    ServiceFactory()
    client.get("/api/hsds/services")  # the client's first attempt of the window clears old rows
    with django_assert_num_queries(3):  # the limit; the page rows; the newest change
        assert client.get("/api/hsds/services").status_code == 200


def test_a_new_window_starts_at_one_and_ended_windows_are_cleared(db):
    start = int(time.time() // 60) * 60
    assert [_count_in_database("api:a", start, 60) for _ in range(3)] == [1, 2, 3]
    RateCounter.objects.create(name="api:old", window_start=0, expires=60, count=9)
    assert _count_in_database("api:a", start + 60, 60) == 1
    assert not RateCounter.objects.filter(name="api:old").exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_are_each_counted_once():
    start = int(time.time() // 60) * 60
    counts: list[int] = []
    errors: list[BaseException] = []

    def attempts() -> None:
        try:
            for _ in range(10):
                counts.append(_count_in_database("api:shared", start, 60))
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempts) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(counts) == list(range(1, 41))
    assert RateCounter.objects.get(name="api:shared").count == 40

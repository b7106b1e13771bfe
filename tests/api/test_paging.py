"""A /services page costs the same number of SQL statements whatever its size or number:
without filters its ids and count come from memory (kept until the directory
changes), and the records nest through a fixed set of prefetches."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samen.web import microcache
from tests.api.conftest import assert_valid_page
from tests.factories import OrganizationFactory, ServiceFactory

PAGES = [(1, 5), (3, 5), (2, 20), (1, 50), (9, 5)]


@pytest.fixture
def many(db, monkeypatch):
    # The shared generation is read once in a test, not again after a second.
    monkeypatch.setattr(microcache, "GENERATION_CHECK_SECONDS", 3600)
    organization = OrganizationFactory()
    return [ServiceFactory(organization=organization) for _ in range(42)]


def statements(client, path):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(context.captured_queries), response.json()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 3),  # the rate limit; the page's rows; the newest change
        ("&full=true", 12),  # as above, with 8 nested lists (no addresses here) and the history
        ("&search=a", 5),  # the limit; count; the page's ids; rows; newest change
    ],
)
def test_a_page_costs_the_same_statements_at_any_size_and_number(client, many, query, expected):
    client.get(f"/api/hsds/services?page=1{query}")  # warm: ids kept, old rate rows cleared
    counts = {
        statements(client, f"/api/hsds/services?page={page}&per_page={size}{query}")[0]
        for page, size in PAGES
    }
    assert counts == {expected}


def test_pages_from_memory_are_exact_and_follow_changes(client, many):
    _count, first = statements(client, "/api/hsds/services?per_page=10&page=5")
    assert (first["total_items"], first["total_pages"], first["size"]) == (42, 5, 2)
    assert first["last_page"] and not first["first_page"]
    assert [s["id"] for s in first["contents"]] == [str(s.uuid) for s in many[40:]]
    assert_valid_page(first, "service_list")
    ServiceFactory()  # a change to the directory drops the kept ids
    _count, after = statements(client, "/api/hsds/services?per_page=10&page=5")
    assert after["total_items"] == 43 and after["size"] == 3
    demo = ServiceFactory(is_demo=True)
    _count, public = statements(client, "/api/hsds/services?per_page=50")
    assert str(demo.uuid) not in {s["id"] for s in public["contents"]}
    _count, with_demo = statements(client, "/api/hsds/services?per_page=50&demo=true")
    assert with_demo["total_items"] == 44 and with_demo["contents"][-1]["id"] == str(demo.uuid)

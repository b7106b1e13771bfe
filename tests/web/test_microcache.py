"""The micro-cache of anonymous pages (samen/web/microcache.py)."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from samen.directory.models import Service
from samen.web import microcache
from tests.factories import ServiceFactory, client_for, member


@pytest.fixture
def service(db):
    return ServiceFactory(name={"nl": "Inloop Zonnebloem"}, description={"nl": "Hulp bij geweld"})


def test_an_anonymous_search_is_kept_and_served_without_a_query(client, service):
    first = client.get("/nl/search/", {"q": "geweld"})
    assert "Inloop Zonnebloem" in first.content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/nl/search/", {"q": "geweld"})
    assert second.content == first.content
    assert len(queries) == 0
    assert not second.cookies


def test_a_change_of_a_listing_drops_the_kept_pages(client, service):
    assert "Inloop Zonnebloem" in client.get("/nl/search/", {"q": "geweld"}).content.decode()
    service.name = {"nl": "Inloop Klaproos"}
    service.save()
    page = client.get("/nl/search/", {"q": "geweld"}).content.decode()
    assert "Klaproos" in page and "Zonnebloem" not in page


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_tells_the_other_processes_once(client, service):
    before = cache.get(microcache.GENERATION_KEY)
    with transaction.atomic():
        for name in ("Een", "Twee", "Drie"):
            service.name = {"nl": name}
            service.save()
        assert cache.get(microcache.GENERATION_KEY) == before
    after = cache.get(microcache.GENERATION_KEY)
    assert after != before
    # One write of the shared token for the whole transaction.
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        service.save()
        service.save()
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "samen_cache" in q["sql"] and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert len(writes) == 1


def test_a_shared_cache_that_cannot_be_read_only_turns_the_cache_off(client, service, monkeypatch):
    from django.db import DatabaseError

    def broken(*_args, **_kwargs):
        raise DatabaseError("no such table: samen_cache")

    monkeypatch.setattr(microcache.cache, "get", broken)
    response = client.get("/nl/search/", {"q": "geweld"})
    assert response.status_code == 200 and "Inloop Zonnebloem" in response.content.decode()
    assert len(microcache.pages) == 0


def test_a_bulk_change_with_its_audit_entry_drops_the_kept_pages(client, service):
    from samen.audit.services import SystemActor, audit_record

    client.get(f"/nl/services/{service.uuid}/")
    assert len(microcache.pages) == 1
    Service.objects.filter(pk=service.pk).update(name={"nl": "Anders"})
    audit_record(actor=SystemActor("test"), action="directory.loaded")
    assert len(microcache.pages) == 0


def test_another_process_drop_reaches_this_one(client, service, monkeypatch):
    client.get("/nl/search/", {"q": "geweld"})
    assert len(microcache.pages) == 1
    # Another process changed the directory: it wrote a new generation to the shared cache.
    cache.set(microcache.GENERATION_KEY, "from-another-process", None)
    monkeypatch.setattr(microcache, "GENERATION_CHECK_SECONDS", 0.0)
    with CaptureQueriesContext(connection) as queries:
        client.get("/nl/search/", {"q": "geweld"})
    assert any("SELECT" in q["sql"] and "directory" in q["sql"] for q in queries.captured_queries)


def test_a_signed_in_member_is_never_served_a_kept_page_nor_fills_one(service):
    client_for(member("lid@example.org")).get("/nl/search/", {"q": "geweld"})
    assert len(microcache.pages) == 0


def test_a_visitor_with_a_cookie_is_never_served_a_kept_page(client, service):
    client.get("/nl/search/", {"q": "geweld"})
    client.cookies["csrftoken"] = "x" * 32
    with CaptureQueriesContext(connection) as queries:
        client.get("/nl/search/", {"q": "geweld"})
    assert len(queries) > 0


def test_kept_pages_are_per_language_and_query(client, service):
    client.get("/nl/search/", {"q": "geweld"})
    client.get("/en/search/", {"q": "geweld"})
    client.get("/nl/search/", {"q": "hulp"})
    assert len(microcache.pages) == 3


def test_the_cache_is_bounded_and_can_be_turned_off(client, service, settings):
    settings.MICROCACHE_ENTRIES = 2
    for word in ("a", "b", "c", "d"):
        client.get("/nl/search/", {"q": word})
    assert len(microcache.pages) == 2
    microcache.pages.clear()
    settings.MICROCACHE_SECONDS = 0
    client.get("/nl/search/", {"q": "geweld"})
    assert len(microcache.pages) == 0


def test_a_kept_page_expires(client, service, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(microcache.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(microcache.time, "time", lambda: 60 * 1000.0)
    client.get("/nl/search/", {"q": "geweld"})
    clock[0] += 29
    generation = microcache.pages.generation()
    assert generation is not None
    key = ("nl", "/nl/search/?q=geweld", 1000)
    assert microcache.pages.get(key, generation) is not None
    clock[0] += 2
    assert microcache.pages.get(key, generation) is None


def test_a_kept_page_never_outlives_its_minute(client, service, monkeypatch):
    now = [60 * 1000.0 + 50]
    monkeypatch.setattr(microcache.time, "time", lambda: now[0])
    client.get("/nl/search/", {"q": "geweld"})
    with CaptureQueriesContext(connection) as same_minute:
        client.get("/nl/search/", {"q": "geweld"})
    now[0] += 15  # the next minute: "open now" may have changed
    with CaptureQueriesContext(connection) as next_minute:
        client.get("/nl/search/", {"q": "geweld"})
    assert len(same_minute) == 0 and len(next_minute) > 0


def test_what_was_searched_never_reaches_the_shared_cache(client, service):
    client.get("/nl/search/", {"q": "verkrachting zoekwoord"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM samen_cache")
        rows = cursor.fetchall()
    assert not any("zoekwoord" in f"{key}{value}" for key, value in rows)


def test_a_page_with_a_form_stamp_is_never_kept(rf, db):
    from samen.web.stamps import stamp_issue

    @microcache.anonymous_page
    def view(request):
        return HttpResponse(stamp_issue("test"))

    request = rf.get("/nl/search/")
    request.LANGUAGE_CODE = "nl"
    first, second = view(request).content, view(request).content
    assert first != second
    assert len(microcache.pages) == 0

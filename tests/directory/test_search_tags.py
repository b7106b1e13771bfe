"""Filters answered from the search index's tags (directory/search_tags.py) select exactly
the services the data says they should, alone and together with text."""

import importlib

import pytest
from django.db import connection
from django.db.models import QuerySet

from samen.audit.services import SystemActor
from samen.directory.demo import demo_generate
from samen.directory.models import Service, ServiceArea, ServiceSearchDocument
from samen.directory.search import Reach, ServiceFilter, search_service_ids
from samen.directory.services import service_reindex
from tests.directory.search_work import search_work
from tests.factories import ServiceFactory, TaxonomyTermFactory

EVERY = 10**6


def found(filters: ServiceFilter) -> dict[int, int | None]:
    """Every match (no cut) with its language reach."""
    hits = search_service_ids(filters, limit=EVERY, offset=0).hits
    return {hit.service_id: hit.reach for hit in hits}


@pytest.fixture
def demo(db, settings):  # type: ignore[no-untyped-def]
    demo_generate(actor=SystemActor("test"), size="XS", seed=5)
    settings.SEARCH_CANDIDATES = 10**9


def active() -> QuerySet[Service]:
    return Service.objects.filter(status=Service.Status.ACTIVE)


def test_a_topic_filter_selects_the_services_of_the_topic(demo):
    expected = set(active().filter(topics__code="shelter").values_list("id", flat=True))
    assert expected
    assert set(found(ServiceFilter(topic_codes=("shelter",)))) == expected
    assert found(ServiceFilter(topic_codes=("no-such-topic",))) == {}


def test_flags_select_the_services_that_have_them(demo):
    expected = set(
        active().filter(anonymous=True, free_of_charge=True).values_list("id", flat=True)
    )
    assert expected
    assert set(found(ServiceFilter(anonymous=True, free_of_charge=True))) == expected


def test_language_tiers_follow_the_data(demo):
    speaks = set(active().filter(languages__code="ti").values_list("id", flat=True))
    interpreter = (
        set(active().filter(interpreter_available=True).values_list("id", flat=True)) - speaks
    )
    national = set(
        ServiceArea.objects.filter(extent_type=ServiceArea.ExtentType.NATIONAL).values_list(
            "service_id", flat=True
        )
    )
    urgent = (
        set(
            active()
            .filter(open_24_7=True, audience=Service.Audience.EVERYONE, id__in=national)
            .values_list("id", flat=True)
        )
        - speaks
        - interpreter
    )
    assert speaks and interpreter
    expected = {
        **dict.fromkeys(urgent, Reach.URGENT_LINE),
        **dict.fromkeys(interpreter, Reach.INTERPRETER),
        **dict.fromkeys(speaks, Reach.SPEAKS),
    }
    assert found(ServiceFilter(language="ti")) == expected


@pytest.mark.parametrize(
    "filters",
    [
        {"topic_codes": ("domestic-violence", "shelter")},
        {"language": "ar"},
        {"language": "ar", "topic_codes": ("domestic-violence", "sexual-violence", "shelter")},
        {"anonymous": True, "open_24_7": False, "advice_for_professionals": True},
    ],
)
def test_text_with_filters_is_the_text_matches_the_filters_pass(demo, filters):
    text = found(ServiceFilter(text="geweld"))
    selected = found(ServiceFilter(**filters))
    both = found(ServiceFilter(text="geweld", **filters))
    assert both
    assert both == {i: reach for i, reach in selected.items() if i in text}


def test_a_word_that_looks_like_a_tag_finds_nothing_through_tags(db):
    topic = TaxonomyTermFactory(code="shelter")
    ServiceFactory(anonymous=True, topics=[topic], languages=["ti"], interpreter_available=True)
    for word in ("xanon", f"xt{topic.pk}", "xlti", "xinterp", "x"):
        assert found(ServiceFilter(text=word)) == {}, word


def test_a_changed_language_moves_the_service_to_its_tier(db):
    service = ServiceFactory(interpreter_available=True)
    assert found(ServiceFilter(language="so")) == {service.id: Reach.INTERPRETER}
    service.languages.create(code="so")
    service_reindex(service=service)
    assert found(ServiceFilter(language="so")) == {service.id: Reach.SPEAKS}


def test_the_migration_gives_existing_documents_the_same_tags(demo):
    """Migration 0011 works out the tags of the documents already there in SQL: the same
    words services.search_document gives."""
    migration = importlib.import_module("samen.directory.migrations.0011_search_tags")
    before = dict(ServiceSearchDocument.objects.values_list("service_id", "tags"))
    ServiceSearchDocument.objects.update(tags="")
    aggregate = "string_agg" if connection.vendor == "postgresql" else "group_concat"
    with connection.cursor() as cursor:
        cursor.execute(migration._tags_sql(aggregate))
    after = dict(ServiceSearchDocument.objects.values_list("service_id", "tags"))
    assert {k: set(v.split()) for k, v in after.items()} == {
        k: set(v.split()) for k, v in before.items()
    }
    assert any("xurgent" in tags for tags in before.values())


def test_a_tier_after_full_ones_reads_nothing(db, settings):
    settings.SEARCH_CANDIDATES = 3
    for _ in range(5):
        ServiceFactory(description={"nl": "Hulp bij geweld"}, languages=["ar"])
    for _ in range(20):
        ServiceFactory(description={"nl": "Hulp bij geweld"}, interpreter_available=True)
    query = ServiceFilter(text="geweld", language="ar")
    before = search_work(query)
    for _ in range(300):
        ServiceFactory(description={"nl": "Hulp bij geweld"}, interpreter_available=True)
    after = search_work(query)
    assert {hit.reach for hit in search_service_ids(query, limit=20, offset=0).hits} == {
        Reach.SPEAKS
    }
    # The speakers fill the cut: the interpreters' tier is not read, however many there are.
    assert after <= before * 1.2, (before, after)


def test_text_and_a_language_fetch_rows_only_up_to_the_cut(db, settings):
    settings.SEARCH_CANDIDATES = 3
    for _ in range(10):
        ServiceFactory(description={"nl": "Hulp bij geweld"}, languages=["ar"])
    ServiceFactory.create_batch(20, description={"nl": "Hulp bij geweld"})
    query = ServiceFilter(text="geweld", language="ar")
    before = search_work(query, ("CTE c0",), rows_only=True)
    for _ in range(300):
        ServiceFactory(description={"nl": "Hulp bij geweld"}, languages=["ar"])
    after = search_work(query, ("CTE c0",), rows_only=True)
    found = search_service_ids(query, limit=20, offset=0)
    assert (found.total, found.more) == (3, True)
    assert {hit.reach for hit in found.hits} == {Reach.SPEAKS}
    # The speakers' part stops at the cut instead of reading every speaker's row.
    assert after <= before * 1.2, (before, after)

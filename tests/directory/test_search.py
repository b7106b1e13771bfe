import datetime as dt

from samen.directory.geo import resolve_place
from samen.directory.hours import AMSTERDAM, is_open_at
from samen.directory.models import Service
from samen.directory.search import Reach, ServiceFilter, search_service_ids, search_terms
from samen.directory.selectors import service_search
from tests.factories import ScheduleFactory, ServiceFactory, TaxonomyTermFactory, service_at


def ids(filters: ServiceFilter) -> list[int]:
    return [hit.service_id for hit in search_service_ids(filters, limit=50, offset=0).hits]


def test_search_terms_are_folded_words_of_any_script():
    assert search_terms("Huiselijk GEWELD!") == ["huiselijk", "geweld"]
    assert search_terms("عُنْف منزلي") == ["عنف", "منزلي"]


def test_text_search_is_case_and_accent_insensitive(db):
    service = ServiceFactory(description={"nl": "Hulp bij geweld in het gezin (Café Één)"})
    ServiceFactory(description={"nl": "Iets anders"})
    assert ids(ServiceFilter(text="GEWELD")) == [service.id]
    assert ids(ServiceFilter(text="cafe een")) == [service.id]


def test_prefix_and_english_stemming_match(db):
    service = ServiceFactory(description={"en": "Support after violent incidents"})
    assert ids(ServiceFilter(text="viol")) == [service.id]
    assert ids(ServiceFilter(text="incident")) == [service.id]


def test_arabic_text_is_found(db):
    service = ServiceFactory(description={"ar": "مساعدة بعد العُنف الجنسي"})
    ServiceFactory()
    assert ids(ServiceFilter(text="العنف")) == [service.id]


def test_every_word_must_match(db):
    both = ServiceFactory(description={"nl": "medische hulp na seksueel geweld"})
    ServiceFactory(description={"nl": "medische hulp"})
    assert ids(ServiceFilter(text="medische geweld")) == [both.id]


def test_title_match_ranks_above_body_match(db):
    body = ServiceFactory(name={"nl": "Algemeen loket"}, description={"nl": "ook over opvang"})
    title = ServiceFactory(name={"nl": "Opvang"}, description={"nl": "een plek om te slapen"})
    assert ids(ServiceFilter(text="opvang")) == [title.id, body.id]


def test_topic_filter(db):
    topic = TaxonomyTermFactory(code="shelter")
    with_topic = ServiceFactory(topics=[topic])
    ServiceFactory()
    assert ids(ServiceFilter(topic_codes=("shelter",))) == [with_topic.id]


def test_topic_names_are_searchable_in_every_language(db):
    topic = TaxonomyTermFactory(code="fgm", name={"nl": "Genitale verminking", "ar": "ختان"})
    service = ServiceFactory(topics=[topic], description={"nl": "x"})
    assert ids(ServiceFilter(text="ختان")) == [service.id]


def test_language_filter_orders_speakers_then_interpreters_then_urgent_lines(db):
    from samen.directory.search import Reach

    urgent = ServiceFactory(national=True, open_24_7=True)
    interpreter = ServiceFactory(interpreter_available=True)
    speaks = ServiceFactory(languages=["ti"])
    ServiceFactory()  # neither: left out
    ServiceFactory(open_24_7=True)  # open day and night but regional: left out
    found = search_service_ids(ServiceFilter(language="ti"), limit=10, offset=0)
    hits = found.hits
    total = found.total
    assert [(h.service_id, h.reach) for h in hits] == [
        (speaks.id, Reach.SPEAKS),
        (interpreter.id, Reach.INTERPRETER),
        (urgent.id, Reach.URGENT_LINE),
    ]
    assert total == 3


def test_a_language_never_empties_the_page_and_each_card_says_how(client, real_directory):
    from django.utils import translation

    for code in ("tr", "ti", "so", "uk"):
        with translation.override(code):
            page = service_search(filters=ServiceFilter(language=code), page=1, page_size=50)
        assert page.total > 0
        assert all(result.reach for result in page.results)
        ids_ = [r.service.id for r in page.results]
        assert Service.objects.get(external_id="emergency-112").id in ids_
        assert Service.objects.get(external_id="slachtofferhulp-nederland").id in ids_
    html = client.get("/en/search/", {"language": "ar"}).content.decode()
    assert "With a free interpreter" in html
    assert "National line for urgent help; languages not known" in html


def test_boolean_attribute_filters(db):
    anonymous_free = ServiceFactory(anonymous=True, free_of_charge=True)
    ServiceFactory(anonymous=True)
    pro = ServiceFactory(advice_for_professionals=True, open_24_7=True)
    assert ids(ServiceFilter(anonymous=True, free_of_charge=True)) == [anonymous_free.id]
    assert ids(ServiceFilter(advice_for_professionals=True)) == [pro.id]
    assert ids(ServiceFilter(open_24_7=True)) == [pro.id]


def test_inactive_services_are_never_found(db):
    ServiceFactory(status=Service.Status.INACTIVE, description={"nl": "geweld"}, anonymous=True)
    assert ids(ServiceFilter(text="geweld")) == []
    assert ids(ServiceFilter(text="geweld", anonymous=True)) == []
    assert ids(ServiceFilter(anonymous=True)) == []


def test_open_now_uses_schedules_and_24_7(db):
    office = ScheduleFactory().service
    always = ServiceFactory(open_24_7=True)
    ServiceFactory()
    monday_10 = dt.datetime(2026, 11, 30, 10, 0, tzinfo=AMSTERDAM)
    sunday_10 = dt.datetime(2026, 11, 29, 10, 0, tzinfo=AMSTERDAM)
    assert set(ids(ServiceFilter(open_now_at=monday_10))) == {office.id, always.id}
    assert ids(ServiceFilter(open_now_at=sunday_10)) == [always.id]


def test_distance_filter_and_order(db):
    amsterdam = resolve_place("1055")
    assert amsterdam is not None
    near = ServiceFactory()
    service_at(near, amsterdam.latitude + 0.01, amsterdam.longitude)  # about 1 km
    nearer = ServiceFactory()
    service_at(nearer, amsterdam.latitude, amsterdam.longitude + 0.001)  # under 100 m
    far = ServiceFactory()
    service_at(far, 51.9225, 4.4792)  # Rotterdam, about 55 km
    national = ServiceFactory(national=True)
    found = search_service_ids(
        ServiceFilter(point=amsterdam, radius_km=10, order_by_distance=True), limit=10, offset=0
    )
    hits = found.hits
    total = found.total
    assert [h.service_id for h in hits] == [nearer.id, near.id, national.id]
    assert total == 3
    assert hits[0].distance_km is not None and hits[0].distance_km < 0.2
    assert 1.0 < hits[1].distance_km < 1.2
    assert hits[2].distance_km is None


def test_nearest_first_takes_the_national_services_only_after_every_nearby_one(db, settings):
    amsterdam = resolve_place("1055")
    assert amsterdam is not None
    nearby = []
    for step in range(4):
        service = ServiceFactory()
        service_at(service, amsterdam.latitude + 0.005 * (step + 1), amsterdam.longitude)
        nearby.append(service.id)
    closed = ServiceFactory(status=Service.Status.INACTIVE)
    service_at(closed, amsterdam.latitude, amsterdam.longitude)
    national = ServiceFactory(national=True)
    nearest = ServiceFilter(point=amsterdam, radius_km=10, order_by_distance=True)

    # The cut (cap + 1 rows, so the count can say "more") is full of nearby services.
    settings.SEARCH_CANDIDATES = 3
    cut = search_service_ids(nearest, limit=10, offset=0)
    assert [h.service_id for h in cut.hits] == nearby
    assert (cut.total, cut.more) == (3, True)

    settings.SEARCH_CANDIDATES = 5
    fits = search_service_ids(nearest, limit=10, offset=0)
    assert [h.service_id for h in fits.hits] == [*nearby, national.id]
    assert (fits.total, fits.more) == (5, False)


def test_nearest_location_of_a_service_counts(db):
    amsterdam = resolve_place("Amsterdam")
    assert amsterdam is not None
    service = ServiceFactory()
    service_at(service, 51.9225, 4.4792)
    service_at(service, amsterdam.latitude, amsterdam.longitude)
    found = search_service_ids(ServiceFilter(point=amsterdam, radius_km=5), limit=10, offset=0)
    hits = found.hits
    assert [h.service_id for h in hits] == [service.id]
    assert hits[0].distance_km is not None and hits[0].distance_km < 0.1


def test_pagination_and_total(db):
    services = ServiceFactory.create_batch(5, description={"nl": "hulp"})
    page = service_search(filters=ServiceFilter(text="hulp"), page=2, page_size=2)
    assert page.total == 5
    assert page.page_count == 3
    assert [r.service.id for r in page.results] == [s.id for s in services[2:4]]


def test_page_past_the_end_still_reports_the_total(db):
    ServiceFactory.create_batch(3)
    page = service_search(filters=ServiceFilter(), page=9, page_size=2)
    assert page.results == []
    assert page.total == 3


def test_search_page_uses_few_queries(db, django_assert_max_num_queries):
    for _ in range(25):
        ServiceFactory(national=True, anonymous=True)
    with django_assert_max_num_queries(2):
        page = service_search(filters=ServiceFilter(anonymous=True), page=1, page_size=20)
        assert all(result.is_national for result in page.results)


def test_dutch_words_match_across_inflection(db):
    from django.db import connection

    service = ServiceFactory(description={"nl": "Een groep voor vrouwen"})
    assert ids(ServiceFilter(text="vrouw")) == [service.id]  # word prefix, on every database
    if connection.vendor == "postgresql":  # Dutch stemming exists only there
        other = ServiceFactory(description={"nl": "Hulp voor een vrouw"})
        assert set(ids(ServiceFilter(text="vrouwen"))) == {service.id, other.id}


def test_english_text_is_stemmed(db):
    service = ServiceFactory(description={"en": "Counselling for families"})
    assert ids(ServiceFilter(text="family")) == [service.id]


def test_little_words_do_not_have_to_match(db):
    service = ServiceFactory(description={"en": "Support after violence", "nl": "Steun na geweld"})
    assert search_terms("help with violence") == ["help", "violence"]
    assert ids(ServiceFilter(text="support with violence")) == [service.id]
    assert ids(ServiceFilter(text="steun bij geweld")) == [service.id]
    assert search_terms("de het") == ["de", "het"]


def test_inactive_service_leaves_the_search_index(db):
    from samen.directory.models import ServiceSearchDocument
    from samen.directory.services import service_reindex

    service = ServiceFactory(description={"nl": "geweld"})
    assert ServiceSearchDocument.objects.filter(service=service).exists()
    service.status = Service.Status.TEMPORARILY_CLOSED
    service.save()
    service_reindex(service=service)
    assert not ServiceSearchDocument.objects.filter(service=service).exists()
    assert ids(ServiceFilter(text="geweld")) == []


def test_a_regional_service_is_found_near_the_places_it_serves_only(real_directory):
    """Blijf Groep serves Amsterdam, Alkmaar and Almere (facts file `area`), not the country."""
    blijf = Service.objects.get(external_id="blijf-groep")

    def found_near(place: str, radius_km: float) -> bool:
        point = resolve_place(place)
        assert point is not None
        return blijf.id in ids(ServiceFilter(point=point, radius_km=radius_km))

    assert found_near("Alkmaar", 5)
    assert found_near("1055", 10)  # Amsterdam West
    assert not found_near("Maastricht", 25)
    veilig_thuis = Service.objects.get(external_id="veilig-thuis")
    maastricht = resolve_place("Maastricht")
    assert veilig_thuis.id in ids(ServiceFilter(point=maastricht, radius_km=25))


BENCH_QUERIES = [
    {"text": "geweld"},
    {"text": "huiselijk geweld"},
    {"text": "violence"},
    {"text": "hulp vrouwen"},
    {"text": "opvang"},
    {"text": "geweld", "topic_codes": ("shelter",)},
    {"text": "geweld", "language": "ar"},
    {"text": "opvang", "language": "ti"},
    {"language": "fa"},
    {},
]


def _page(filters: ServiceFilter) -> list[tuple[int, float, int | None]]:
    return [
        (hit.service_id, round(hit.score, 6), hit.reach)
        for hit in search_service_ids(filters, limit=20, offset=0).hits
    ]


def test_the_cut_keeps_the_top_results_of_ranking_every_match(db, settings):
    """Under the cap the bounded search ranks every match: the same pages as ranking all."""
    from samen.audit.services import SystemActor
    from samen.directory.demo import demo_generate

    demo_generate(actor=SystemActor("test"), size="XS", seed=3)
    settings.SEARCH_CANDIDATES = 1_000
    bounded = [_page(ServiceFilter(**query)) for query in BENCH_QUERIES]
    settings.SEARCH_CANDIDATES = 10**9
    everything = [_page(ServiceFilter(**query)) for query in BENCH_QUERIES]
    assert bounded == everything
    assert all(bounded[:8])


def test_a_broad_query_counts_up_to_the_cap_and_says_there_is_more(db, settings):
    from samen.audit.services import SystemActor
    from samen.directory.demo import demo_generate

    demo_generate(actor=SystemActor("test"), size="XS", seed=3)
    settings.SEARCH_CANDIDATES = 1_000
    exact = search_service_ids(ServiceFilter(text="geweld"), limit=20, offset=0)
    assert exact.total > 10 and not exact.more
    settings.SEARCH_CANDIDATES = 10
    cut = search_service_ids(ServiceFilter(text="geweld"), limit=20, offset=0)
    assert (cut.total, cut.more) == (10, True)
    settings.SEARCH_CANDIDATES = 10**9
    every_match = search_service_ids(ServiceFilter(text="geweld"), limit=10**6, offset=0)
    assert {h.service_id for h in cut.hits} <= {h.service_id for h in every_match.hits}
    # Speakers of the language still come first when the cut applies.
    settings.SEARCH_CANDIDATES = 3
    reaches = [
        h.reach for h in search_service_ids(ServiceFilter(language="ar"), limit=20, offset=0).hits
    ]
    assert reaches == sorted(reaches) and reaches[0] == Reach.SPEAKS


def test_the_search_page_says_more_than_the_cap(client, db, settings):
    for _ in range(4):
        ServiceFactory(description={"nl": "Hulp bij geweld"})
    settings.SEARCH_CANDIDATES = 3
    response = client.get("/en/search/", {"q": "geweld"})
    assert "More than 3 results" in response.content.decode()


def test_open_now_filter_and_service_page_agree_at_every_hour_of_a_week(db):
    night = ScheduleFactory(byday="FR", opens_at=dt.time(22), closes_at=dt.time(2)).service
    day = ScheduleFactory(byday="MO,SA", opens_at=dt.time(9), closes_at=dt.time(17)).service
    start = dt.datetime(2026, 11, 30, 0, 30, tzinfo=AMSTERDAM)  # a Monday
    for hour in range(7 * 24):
        moment = start + dt.timedelta(hours=hour)
        found = set(ids(ServiceFilter(open_now_at=moment)))
        for service in (night, day):
            on_page = is_open_at(open_24_7=False, schedules=service.schedules.all(), moment=moment)
            assert (service.id in found) is on_page, (moment, service)
    saturday_1 = dt.datetime(2026, 12, 5, 1, 0, tzinfo=AMSTERDAM)
    assert ids(ServiceFilter(open_now_at=saturday_1)) == [night.id]

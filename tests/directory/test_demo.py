from samen.audit.services import SystemActor
from samen.directory.demo import demo_clear, demo_generate
from samen.directory.geo import GeoPoint
from samen.directory.models import Location, Organization, Phone, Service
from samen.directory.search import ServiceFilter, search_service_ids


def test_demo_data_is_flagged_and_reproducible(real_directory):
    actor = SystemActor("test")
    report = demo_generate(actor=actor, size="XS", seed=7)
    assert report.services == 100
    assert report.locations == 200
    demo = Service.objects.filter(is_demo=True)
    assert demo.count() == 100
    assert not Organization.objects.filter(is_demo=True, external_id__isnull=False).exists()
    first = sorted(demo.values_list("search_document__body_nl", flat=True))
    demo_generate(actor=actor, size="XS", seed=7)
    again = Service.objects.filter(is_demo=True).values_list("search_document__body_nl", flat=True)
    assert sorted(again) == first


def test_demo_phone_numbers_are_made_up(db):
    demo_generate(actor=SystemActor("test"), size="XS")
    assert all(n.startswith("0000-") for n in Phone.objects.values_list("number", flat=True))


def test_demo_data_is_searchable_by_text_and_place(db):
    demo_generate(actor=SystemActor("test"), size="XS")
    assert search_service_ids(ServiceFilter(text="geweld"), limit=5, offset=0).total > 0
    location = Location.objects.first()
    assert location is not None and location.latitude is not None
    point = GeoPoint("here", location.latitude, location.longitude or 0)
    found = search_service_ids(ServiceFilter(point=point, radius_km=1), limit=5, offset=0)
    hits = found.hits
    assert hits and hits[0].distance_km is not None and hits[0].distance_km < 0.01


def test_clearing_demo_data_leaves_real_data_alone(real_directory):
    actor = SystemActor("test")
    demo_generate(actor=actor, size="XS")
    assert demo_clear(actor=actor) == 100
    assert not Service.objects.filter(is_demo=True).exists()
    assert not Location.objects.exists()
    assert Service.objects.count() == real_directory.services

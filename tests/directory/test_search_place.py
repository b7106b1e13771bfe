"""Place search nearest first: the ring read first, the rest of the circle and the national
services only when the ring does not fill the cut, and the density grid that picks the ring."""

import math
import threading
import time

import pytest

from samen.directory import density, search_sql
from samen.directory.geo import GeoPoint, bounding_box
from samen.directory.models import Service
from samen.directory.search import ServiceFilter, search_service_ids
from samen.directory.search_sql import Plan
from tests.directory.search_work import search_work
from tests.factories import ServiceFactory, service_at

AMSTERDAM = GeoPoint("1012 Amsterdam", 52.3731, 4.8925)
NEAREST = ServiceFilter(point=AMSTERDAM, radius_km=10, order_by_distance=True)


def _km_east(km: float) -> float:
    return AMSTERDAM.longitude + km / bounding_box(AMSTERDAM, 1).km_per_deg_lon


def _page(filters: ServiceFilter) -> tuple[list[tuple[int, float | None]], int, bool]:
    found = search_service_ids(filters, limit=50, offset=0)
    hits = [
        (h.service_id, None if h.distance_km is None else round(h.distance_km, 6))
        for h in found.hits
    ]
    return hits, found.total, found.more


@pytest.fixture
def city(db):  # type: ignore[no-untyped-def]
    """Twelve services within 300 m of the point (four of them closed), six 4-8 km away, two
    beyond the radius and three national ones (one also in the centre)."""
    for step in range(12):
        status = Service.Status.INACTIVE if step % 3 == 0 else Service.Status.ACTIVE
        service_at(ServiceFactory(status=status), AMSTERDAM.latitude, _km_east(0.02 * (step + 1)))
    for step in range(6):
        service_at(ServiceFactory(), AMSTERDAM.latitude, _km_east(4 + 0.7 * step))
    for km in (12, 30):
        service_at(ServiceFactory(), AMSTERDAM.latitude, _km_east(km))
    ServiceFactory.create_batch(2, national=True)
    service_at(ServiceFactory(national=True), AMSTERDAM.latitude, _km_east(0.01))


@pytest.mark.parametrize("cap", [2, 5, 8, 9, 12, 1000])
def test_the_ring_finds_what_the_whole_circle_finds(city, settings, monkeypatch, cap):
    settings.SEARCH_CANDIDATES = cap
    with_ring = _page(NEAREST)
    ring = Plan(filters=NEAREST, cap=cap, terms=[]).ring_km
    # A small cap reads a ring first (the closed services in it may leave it short); the
    # whole circle holds too few services for a large one.
    if cap <= 8:
        assert ring is not None and ring < 8, ring
    if cap == 1000:
        assert ring is None
    monkeypatch.setattr(search_sql, "radius_holding", lambda *args: None)
    assert Plan(filters=NEAREST, cap=cap, terms=[]).ring_km is None
    assert with_ring == _page(NEAREST)


def test_the_ring_goes_on_into_the_circle_when_its_services_are_closed(db, settings):
    for step in range(10):
        status = Service.Status.ACTIVE if step < 2 else Service.Status.INACTIVE
        service_at(ServiceFactory(status=status), AMSTERDAM.latitude, _km_east(0.02 * step))
    for step in range(6):
        service_at(ServiceFactory(), AMSTERDAM.latitude, _km_east(4 + 0.7 * step))
    settings.SEARCH_CANDIDATES = 5
    ring = Plan(filters=NEAREST, cap=5, terms=[]).ring_km
    assert ring is not None and ring < 4
    hits, total, more = _page(NEAREST)
    # Two open services in the ring, then the rest of the circle (its part cut at 6 rows).
    assert [d for _, d in hits] == pytest.approx(
        [0, 0.02, *(4 + 0.7 * s for s in range(6))], abs=0.001
    )
    assert (total, more) == (5, True)


def test_beyond_a_full_ring_nothing_is_read(db, settings):
    settings.SEARCH_CANDIDATES = 3
    for step in range(8):
        service_at(ServiceFactory(), AMSTERDAM.latitude, _km_east(0.05 * step))
    ServiceFactory.create_batch(5, national=True)
    assert Plan(filters=NEAREST, cap=3, terms=[]).ring_km is not None
    before = search_work(NEAREST)
    for step in range(300):  # about 7 km north-east, outside the ring's box
        service_at(ServiceFactory(), AMSTERDAM.latitude + 0.04 + 0.00001 * step, _km_east(6))
    ServiceFactory.create_batch(300, national=True)
    density.forget()
    after = search_work(NEAREST)
    assert [d for _, d in _page(NEAREST)[0]] == pytest.approx([0, 0.05, 0.1, 0.15], abs=0.001)
    # The ring fills the cut: the rest of the circle and the national services are not read.
    assert after <= before * 1.2, (before, after)


def test_the_national_services_are_walked_only_up_to_the_cut(db, settings):
    settings.SEARCH_CANDIDATES = 3
    service_at(ServiceFactory(), AMSTERDAM.latitude, _km_east(1))
    ServiceFactory.create_batch(10, national=True)
    before = search_work(NEAREST)
    ServiceFactory.create_batch(300, national=True)
    after = search_work(NEAREST)
    hits, total, more = _page(NEAREST)
    assert (total, more) == (3, True) and hits[0][1] is not None
    assert after <= before * 1.2, (before, after)


def test_a_national_service_near_the_place_is_listed_once_with_its_distance(city):
    hits, total, _ = _page(NEAREST)
    ids = [service_id for service_id, _ in hits]
    assert len(ids) == len(set(ids)) == total == 8 + 1 + 6 + 2
    near_national = Service.objects.filter(
        service_areas__extent_type="national", service_at_locations__isnull=False
    ).get()
    assert dict(hits)[near_national.id] == pytest.approx(0.01, abs=0.001)


def test_the_grid_says_a_circle_that_surely_holds_the_locations(db):
    points = [(AMSTERDAM.latitude + 0.003 * i, _km_east(0.5 * i)) for i in range(20)]
    for latitude, longitude in points:
        service_at(ServiceFactory(), latitude, longitude)
    box = bounding_box(AMSTERDAM, 1)

    def within(km: float) -> int:
        return sum(
            math.hypot(
                (lat - AMSTERDAM.latitude) * box.km_per_deg_lat,
                (lon - AMSTERDAM.longitude) * box.km_per_deg_lon,
            )
            <= km
            for lat, lon in points
        )

    for count in (1, 5, 10, 15):
        radius = density.radius_holding(AMSTERDAM, 25, count)
        assert radius is not None and within(radius) >= count, (count, radius)
    assert density.radius_holding(AMSTERDAM, 25, 21) is None
    assert density.radius_holding(AMSTERDAM, 2, 15) is None


def test_an_old_grid_is_built_again_by_one_request_while_the_others_use_it(monkeypatch):
    old = density.Grid({(0, 0): 1}, time.monotonic() - density.KEEP_SECONDS - 1)
    monkeypatch.setattr(density, "_grid", old)
    building, release = threading.Event(), threading.Event()
    new = density.Grid({(0, 0): 2}, time.monotonic())

    def slow_build() -> density.Grid:
        building.set()
        assert release.wait(5)
        return new

    monkeypatch.setattr(density, "_build", slow_build)
    results: list[density.Grid] = []
    builder = threading.Thread(target=lambda: results.append(density.grid()))
    builder.start()
    assert building.wait(5)
    started = time.monotonic()
    assert density.grid() is old  # does not wait for the build
    assert time.monotonic() - started < 1
    release.set()
    builder.join(5)
    assert results == [new] and density.grid() is new

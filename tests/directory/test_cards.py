import datetime as dt

from django.utils import timezone, translation

from samen.directory.cards import service_cards
from samen.directory.models import Organization, Service
from samen.directory.selectors import with_listing_phone
from tests.factories import PhoneFactory, ServiceFactory


def render(service: Service, distance_km: float | None = None, national: bool = False) -> str:
    loaded = with_listing_phone(Service.objects.filter(pk=service.pk)).get()
    return service_cards([(loaded, distance_km, national, "")], translation.get_language() or "nl")


def test_every_text_in_a_card_is_escaped(db):
    service = ServiceFactory(
        name={"nl": "<script>alert(1)</script>"},
        description={"nl": "a & <b>b</b>"},
        organization__name="<i>Org</i>",
    )
    PhoneFactory(service=service, number='020"><x>')
    html = render(service)
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html and "<x>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "a &amp; &lt;b&gt;b&lt;/b&gt;" in html
    assert 'href="tel:020"' in html


def test_card_states_distance_in_the_visitors_number_format(db):
    service = ServiceFactory()
    with translation.override("nl"):
        assert "2,5 km" in render(service, distance_km=2.46)
    with translation.override("en"):
        assert "2.5 km away" in render(service, distance_km=2.46)
        assert "Works in the whole country" in render(service, national=True)


def test_card_marks_a_fallback_text_with_its_language(db):
    service = ServiceFactory(name={"nl": "Hulplijn"}, description={"nl": "Beschrijving"})
    with translation.override("ar"):
        html = render(service)
    assert '<span lang="nl" dir="ltr">Hulplijn</span>' in html


def test_card_shows_demo_unverified_and_stale_labels(db):
    old = timezone.localdate() - dt.timedelta(days=400)
    service = ServiceFactory(
        is_demo=True,
        last_checked=old,
        organization__verification=Organization.Verification.UNVERIFIED,
    )
    with translation.override("en"):
        html = render(service)
    assert "demo" in html and "Not yet verified" in html and "Needs re-check" in html
    fresh = ServiceFactory(
        last_checked=timezone.localdate(),
        organization__verification=Organization.Verification.VERIFIED,
    )
    with translation.override("en"):
        html = render(fresh)
    assert "demo" not in html and "Not yet verified" not in html and "Needs re-check" not in html

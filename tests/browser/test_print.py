"""Issue 12, item 12: a printed service page has no coloured band, no "open now", no "suggest
an update", and shows each address once."""

import pytest

from tests.factories import AddressFactory, ScheduleFactory, ServiceFactory, service_at

pytestmark = pytest.mark.browser


def test_a_printed_service_page_is_plain(visit):
    service = ServiceFactory()
    ScheduleFactory(service=service)
    address = AddressFactory(location=service_at(service, 52.37, 4.89))
    page = visit.page
    page.goto(f"/en/services/{service.uuid}/")
    page.emulate_media(media="print")
    band = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert band == "rgba(0, 0, 0, 0)"
    assert page.get_by_role("link", name="Suggest an update").is_hidden()
    assert page.locator(".detail .now").count() == 1 and page.locator(".detail .now").is_hidden()
    assert page.locator(".site-menu, .languages, #quick-exit").first.is_hidden()
    text = page.evaluate("document.body.innerText")
    assert text.count(address.address_1) == 1
    page.emulate_media(media="screen")
    assert page.get_by_role("link", name="Suggest an update").is_visible()

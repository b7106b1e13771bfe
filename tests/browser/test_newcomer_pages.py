"""Issue 12, items 8, 10 and 11 in Chromium at phone width: the service page a newcomer reads
first, hours past midnight, the pocket card on one A6 page, and the error pages; axe-core finds
no WCAG 2.1 A/AA violation on them in Dutch and Arabic."""

import datetime as dt
import re
from io import StringIO

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from samen.directory.models import Network, Organization, Phone, Service
from samen.sessions.models import InfoSession
from tests.browser.conftest import signed_in_context
from tests.factories import ScheduleFactory, ServiceFactory, member

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = {"width": 360, "height": 740}
# A6 in PDF points (105 x 148 mm).
A6_POINTS = (297.6, 419.5)


def axe_report(page, paths):  # type: ignore[no-untyped-def]
    report = {}
    for path in paths:
        page.goto(path)
        results = Axe().run(page, options=WCAG_21_AA)
        if results.violations_count:
            report[path] = results.generate_report()
    return report


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_touched_pages_pass_axe(visit, language):
    page = visit.page
    page.set_viewport_size(PHONE)
    victim_support = Service.objects.get(external_id="slachtofferhulp-nederland")
    paths = [
        f"/{language}/services/{victim_support.uuid}/",
        f"/{language}/card/",
        f"/{language}/does-not-exist/",
        f"/{language}/help-guide/professionals/",
    ]
    assert axe_report(page, paths) == {}
    assert visit.other_origins == []


def test_the_interpreter_and_languages_are_on_the_first_phone_screen(visit):
    page = visit.page
    page.set_viewport_size(PHONE)
    victim_support = Service.objects.get(external_id="slachtofferhulp-nederland")
    page.goto(f"/en/services/{victim_support.uuid}/")
    interpreter = page.locator(".facts .interpreter").bounding_box()
    assert interpreter is not None and interpreter["y"] < PHONE["height"], interpreter
    professionals = page.locator("#professionals-title").bounding_box()
    contact = page.locator("#contact-title").bounding_box()
    assert professionals is not None and contact is not None
    assert professionals["y"] > contact["y"]


def test_friday_night_hours_show_open_on_saturday_at_one(browser, live_server, live_directory):
    night = ScheduleFactory(
        service=ServiceFactory(name={"en": "Night line"}),
        byday="FR",
        opens_at=dt.time(22),
        closes_at=dt.time(2),
    ).service
    saturday_1 = dt.datetime(2026, 12, 5, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        page.set_viewport_size(PHONE)
        # The live server runs in this process: travelling here moves its clock too.
        with time_machine.travel(saturday_1, tick=False):
            page.goto(f"/en/services/{night.uuid}/")
            assert page.locator(".facts .now").inner_text().startswith("Open now")
            assert "Friday 22:00 to 02:00 the next morning" in page.locator(".facts").inner_text()
            page.goto("/en/search/?open_now=on")
            assert "Night line" in page.locator("ol.cards").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["nl", "ar", "ti", "so"])
def test_the_pocket_card_prints_on_one_a6_page(visit, language):
    page = visit.page
    page.set_viewport_size(PHONE)
    page.goto(f"/{language}/card/")
    assert page.locator("#quick-exit").is_visible()
    phones = Phone.objects.filter(
        service__open_24_7=True, service__is_demo=False, service__audience="everyone"
    )
    assert len(phones) >= 6  # five lines, and 113 has two numbers
    for phone in phones:
        link = page.locator(f".card-lines a[href='tel:{phone.tel_uri}']")
        assert link.is_visible() and link.inner_text() == phone.number
    assert [r.status for r in visit.responses if r.url.endswith("card.css")] == [200]
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box is not None
    width, height = float(box.group(1)), float(box.group(2))
    assert abs(width - A6_POINTS[0]) < 2 and abs(height - A6_POINTS[1]) < 2, (width, height)
    page.emulate_media(media="print")
    assert page.locator("#quick-exit").is_hidden() and page.locator(".site-header").is_hidden()


def test_error_page_in_the_visitors_language_with_exit_and_home(visit):
    page = visit.page
    page.set_viewport_size(PHONE)
    response = page.goto("/ar/no-such-page/")
    assert response is not None and response.status == 404
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#quick-exit").is_visible()
    page.locator("main a[href='/ar/']").click()
    page.wait_for_url("**/ar/")
    favicon = page.request.get("/favicon.ico")
    assert favicon.status == 200


@pytest.mark.urls("tests.browser.error_urls")
@pytest.mark.parametrize("language", ["nl", "ar"])
def test_500_and_503_pages_speak_the_visitors_language_and_pass_axe(visit, language):
    page = visit.page
    page.set_viewport_size(PHONE)
    with translation.override(language):
        headings = {
            500: gettext("Something went wrong on our side"),
            503: gettext("This page is not available for a moment"),
        }
    for status, heading in headings.items():
        path = f"/{language}/test-errors/{status}/"
        response = page.goto(path)
        assert response is not None and response.status == status
        assert page.locator("h1").inner_text() == heading
        html = page.locator("html")
        assert html.get_attribute("lang") == language
        assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        assert page.locator("#quick-exit").is_visible()
        assert page.locator("main a[href='tel:112']").is_visible()
        assert page.locator(f"main a[href='/{language}/']").is_visible()
        assert "Traceback" not in page.content()
        assert axe_report(page, [path]) == {}
    assert response.headers["retry-after"] == "30"  # the 503: the database is out of reach
    assert visit.other_origins == []


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_date_fields_are_thumb_sized_and_show_their_format(
    browser, live_server, live_directory, language
):
    organization = Organization.objects.create(name="Vrouwengroep")
    owner = member("eigenaar@example.org", organization, "owner")
    context = signed_in_context(browser, live_server.url, owner)
    try:
        page = context.new_page()
        page.set_viewport_size(PHONE)
        for path in (f"/{language}/sessions/new/", f"/{language}/exchange/requests/new/"):
            page.goto(path)
            fields = page.locator("input[type='date']").all()
            assert fields, path
            for field in fields:
                box = field.bounding_box()
                assert box is not None and box["height"] >= 44 and box["width"] >= 150, box
                hint = page.locator(f"#{field.get_attribute('aria-describedby')}")
                assert "27-03-2027" in hint.inner_text()
            assert axe_report(page, [path]) == {}
    finally:
        context.close()


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_pictograms_show_beside_their_labels_and_pages_stay_small(visit, language):
    page = visit.page
    page.set_viewport_size(PHONE)
    for path, selector in (
        (f"/{language}/", ".entry-points a"),
        (f"/{language}/help-guide/#question-2", "#question-2 .choice label"),
    ):
        page.goto(path)
        links = page.locator(selector).all()
        assert links
        for link in links:
            icon = link.locator("svg.pictogram")
            assert icon.get_attribute("aria-hidden") == "true"
            box, label = icon.bounding_box(), link.bounding_box()
            assert box is not None and label is not None and box["width"] >= 24
            assert (
                label["y"] <= box["y"] and box["y"] + box["height"] <= label["y"] + label["height"]
            )
        # The sprite was fetched from samen itself and a symbol was drawn.
        assert page.evaluate("document.querySelector('svg.pictogram use').getBBox().width") > 0
        assert axe_report(page, [path]) == {}
    page.goto(f"/{language}/search/?q=geweld")
    html = page.content()
    assert len(html.encode()) < 30 * 1024
    assert visit.other_origins == []


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_a_demo_installation_shows_the_community_side_alive(visit, language):
    call_command("generate_demo", size="XS", stdout=StringIO())
    page = visit.page
    page.set_viewport_size(PHONE)
    full = InfoSession.objects.filter(capacity=2).first()
    network = Network.objects.first()
    paths = [
        f"/{language}/organisations/",
        f"/{language}/people/",
        f"/{language}/networks/",
        f"/{language}/networks/{network.uuid}/",
        f"/{language}/sessions/",
        f"/{language}/sessions/{full.uuid}/",
        f"/{language}/toolkits/",
        f"/{language}/exchange/",
    ]
    for path in paths:
        page.goto(path)
        assert page.locator(".badge.demo").first.is_visible(), path
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    assert axe_report(page, paths) == {}

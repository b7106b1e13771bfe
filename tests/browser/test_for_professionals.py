"""Issue 12 item 8 in Chromium at phone width: the newcomer reads the service's text without
the professionals' jargon, which stands under "For professionals" below the ways to contact;
axe-core finds no WCAG 2.1 A/AA violation there in Dutch and Arabic."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from samen.directory.models import Service

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = {"width": 360, "height": 740}


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_the_jargon_stands_under_for_professionals(visit, language):
    page = visit.page
    page.set_viewport_size(PHONE)
    veilig_thuis = Service.objects.get(external_id="veilig-thuis")
    page.goto(f"/{language}/services/{veilig_thuis.uuid}/")
    lead = page.locator(".detail .lead").inner_text()
    assert lead == veilig_thuis.description[language]
    assert "meldcode" not in lead
    professionals = page.locator("section.for-professionals")
    assert "meldcode" in professionals.inner_text()
    part = professionals.bounding_box()
    contact = page.locator("#contact-title").bounding_box()
    assert part is not None and contact is not None and part["y"] > contact["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    assert visit.other_origins == []


def test_the_professionals_menu_option_is_a_line_of_its_own(visit):
    page = visit.page
    page.set_viewport_size(PHONE)
    victim_support = Service.objects.get(external_id="slachtofferhulp-nederland")
    page.goto(f"/en/services/{victim_support.uuid}/")
    contact = page.locator("section[aria-labelledby='contact-title']").inner_text()
    assert "Victim support (local rate)" in contact and "menu option" not in contact
    line = page.locator("section.for-professionals .phones li").first
    assert "Professionals refer via menu option 3" in line.inner_text()
    assert line.locator("a.call").get_attribute("href") == "tel:09000101"

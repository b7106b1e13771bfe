"""Issue 12, items 5 and 6: a site menu that opens on a phone without JavaScript and reaches
the rest of samen (toolkits and the session exchange too), and targets a thumb can hit."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

MENU = [
    ("Find help", "/en/search/"),
    ("Not sure? Help guide", "/en/help-guide/"),
    ("Information sessions", "/en/sessions/"),
    ("Organisations", "/en/organisations/"),
    ("Key persons", "/en/people/"),
    ("Networks", "/en/networks/"),
    ("Toolkits", "/en/toolkits/"),
    ("Session exchange", "/en/exchange/"),
    ("For professionals", "/en/help-guide/professionals/"),
]


def open_menu(page):
    page.locator(".site-menu summary").click()
    return page.locator(".site-menu ul")


def test_the_menu_reaches_every_part_on_a_phone_without_javascript(
    browser, live_server, live_directory
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_viewport_size({"width": 320, "height": 640})
        for name, path in MENU:
            page.goto("/en/safety/")
            menu = open_menu(page)
            assert menu.is_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
            menu.get_by_role("link", name=name, exact=True).click()
            page.wait_for_url(f"**{path}")
            assert page.locator(".site-menu ul").is_hidden()  # closed again on the new page
    finally:
        context.close()


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_the_open_menu_passes_axe_and_its_links_are_44_px(visit, language):
    page = visit.page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/{language}/")
    menu = open_menu(page)
    for link in menu.get_by_role("link").all():
        assert link.bounding_box()["height"] >= 44
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def test_checkboxes_radios_and_footer_links_are_thumb_sized(visit):
    page = visit.page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/en/search/?q=zzzzqqqq")  # nothing found: the filters are open
    for box in page.locator(".check input[type=checkbox]").all():
        size = box.bounding_box()
        assert size["width"] >= 40 and size["height"] >= 40
    label = page.locator("label[for=id_free]")
    assert label.bounding_box()["height"] >= 44
    label.click()  # the label is the target
    assert page.locator("#id_free").is_checked()
    for link in page.locator(".site-footer a").all():
        assert link.bounding_box()["height"] >= 44
    page.goto("/en/help-guide/")
    radio = page.locator("#answer-danger-no").bounding_box()
    assert radio["width"] >= 40 and radio["height"] >= 40
    page.locator("label[for=answer-danger-no]").click()
    assert page.locator("#answer-danger-no").is_checked()
    page.goto("/en/sessions/")
    assert page.locator("input[type=date]").count() == 2  # from, until
    for field in page.locator("input[type=date]").all():
        size = field.bounding_box()
        assert size["height"] >= 44 and size["width"] >= 150


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_empty_community_pages_pass_axe_and_lead_on(visit, language):
    page = visit.page
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("people/", "networks/", "sessions/", "exchange/"):
        page.goto(f"/{language}/{path}")
        assert page.locator(".empty .next-steps a").count() == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        results = Axe().run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, (path, results.generate_report())

import pytest
from axe_playwright_python.sync_playwright import Axe

from samen.directory.models import Service

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def test_newcomer_searches_by_need_and_postcode_and_finds_a_phone_link(visit):
    page = visit.page
    page.goto("/en/")
    page.get_by_label("What are you looking for?").fill("rape")
    page.get_by_label("Postcode or place").fill("1055 AB")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/en/search/**")
    # "rape" is read as the need "sexual violence": its services come first.
    assert page.get_by_text("Showing help for:").is_visible()
    page.get_by_role("link", name="Centrum Seksueel Geweld").first.click()
    page.wait_for_url("**/en/services/**")
    call = page.locator('a[href^="tel:"]').first
    assert call.get_attribute("href") == "tel:08000188"
    assert visit.other_origins == []


def test_search_by_entry_point(visit):
    page = visit.page
    page.goto("/nl/")
    page.get_by_role("link", name="Huiselijk geweld").click()
    assert page.get_by_role("link", name="Veilig Thuis").first.is_visible()


def test_quick_exit_button_is_first_and_back_does_not_return(visit):
    page = visit.page
    page.goto("/nl/search/?q=geweld")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "quick-exit"
    page.keyboard.press("Enter")
    page.wait_for_url("https://www.buienradar.nl/")
    page.go_back()
    assert not page.url.startswith(visit.base_url)


def test_typing_capitals_never_leaves_the_site(visit):
    page = visit.page
    page.goto("/nl/")
    page.wait_for_load_state("load")
    field = page.get_by_label("Postcode of plaats")
    field.click()
    page.keyboard.type("Den Haag Centrum En Nog Een Paar Hoofdletters")
    # Lone presses with another key between them start the count again.
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("a")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url.startswith(visit.base_url)
    assert field.input_value().startswith("Den Haag Centrum")
    assert visit.other_origins == []


def test_shift_three_times_leaves_the_site(visit):
    page = visit.page
    page.goto("/ar/")
    page.wait_for_load_state("load")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("https://www.buienradar.nl/")


def test_no_cookies_and_no_other_origin_on_public_pages(visit):
    page = visit.page
    service = Service.objects.get(external_id="veilig-thuis")
    for path in ("/nl/", "/ar/search/?q=geweld&place=Den+Haag", f"/en/services/{service.uuid}/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert visit.context.cookies() == []
    assert visit.other_origins == []


@pytest.mark.parametrize("language", ["nl", "ar", "ti"])
def test_search_page_transfers_under_30_kib(visit, language):
    visit.page.goto(f"/{language}/search/?q=hulp&place=1055")
    visit.page.wait_for_load_state("networkidle")
    assert sorted(r.url.rsplit("/", 1)[-1] for r in visit.responses) == [
        "?q=hulp&place=1055",
        "favicon.svg",
        "quick-exit.js",
        "read-aloud.js",
        "samen.css",
    ]
    assert 5 * 1024 < visit.bytes_transferred() < 30 * 1024


def test_right_to_left_layout_in_arabic(visit):
    page = visit.page
    page.goto("/ar/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.get_by_role("heading", name="هل تحتاج إلى مساعدة الآن؟").is_visible()


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_no_wcag_21_aa_violations(visit, language):
    service = Service.objects.get(external_id="centrum-seksueel-geweld")
    axe = Axe()
    for path in (
        f"/{language}/",
        f"/{language}/search/?q=geweld&place=1055",
        f"/{language}/search/?place=Amsterdm",
        f"/{language}/services/{service.uuid}/",
        f"/{language}/organisations/{service.organization.uuid}/",
    ):
        visit.page.goto(path)
        results = axe.run(visit.page, options=WCAG_21_AA)
        assert results.response["passes"], path  # axe really ran on the page
        assert results.violations_count == 0, (path, results.generate_report())


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_account_pages_have_no_wcag_21_aa_violations(visit, language):
    axe = Axe()
    for path in ("accounts/login/", "accounts/signup/", "accounts/password/reset/"):
        visit.page.goto(f"/{language}/{path}")
        assert visit.page.locator("#quick-exit").is_visible()
        results = axe.run(visit.page, options=WCAG_21_AA)
        assert results.violations_count == 0, (path, results.generate_report())
    assert visit.other_origins == []


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_suggestion_form_has_no_wcag_21_aa_violations_and_sets_no_cookie(visit, language):
    service = Service.objects.get(external_id="veilig-thuis")
    visit.page.goto(f"/{language}/organisations/{service.organization.uuid}/suggest/")
    results = Axe().run(visit.page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    visit.page.locator("form button[type=submit]").click()  # empty: errors shown
    results = Axe().run(visit.page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    assert visit.context.cookies() == []

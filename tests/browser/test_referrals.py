"""The whole referral loop with two handlers in two organisations, and the help guide;
axe-core (WCAG 2.1 A/AA) on every page they pass."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from samen.directory.models import Organization
from samen.referrals.models import Referral
from tests.browser.conftest import signed_in_context
from tests.referrals.conftest import handler

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def assert_accessible(page, name):
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, (name, results.generate_report())


def signed_in_page(browser, base_url, user):
    context = signed_in_context(browser, base_url, user)
    return context, context.new_page()


def test_referral_from_one_organisation_to_another_and_back(browser, live_server, live_directory):
    referring = Organization.objects.create(
        name="Vrouwen Vereniging", source_urls=["https://example.org"]
    )
    receiving = Organization.objects.create(
        name="Opvang Midden", accepts_referrals=True, source_urls=["https://example.org"]
    )
    referrer = handler("verwijzer@example.org", referring)
    receiver = handler("ontvanger@example.org", receiving)
    referrer_context, page = signed_in_page(browser, live_server.url, referrer)
    receiver_context, other = signed_in_page(browser, live_server.url, receiver)
    try:
        page.goto("/en/referrals/new/")
        assert_accessible(page, "referral form")
        page.locator("select[name=receiving_organization]").select_option(label="Opvang Midden")
        page.get_by_label("Name, nickname or initials").fill("F.K.")
        page.locator("select[name=language]").select_option("ti")
        page.locator("input[name=needs][value=shelter]").check()
        page.locator("input[name=urgency][value=this_week]").check()
        page.locator("input[name=contact_channel][value=phone]").check()
        page.get_by_label("Phone number or e-mail to use").fill("0612345678")
        page.get_by_label("I read the consent text with the person and they agreed").check()
        page.locator("select[name=consent_language]").select_option("ar")
        page.locator("input[name=consent_method][value=verbal]").check()
        for item in ("name", "language", "needs", "contact"):
            page.locator(f"input[name=consent_items][value={item}]").check()
        page.get_by_label("The person agreed that the organisation tells me how it went").check()
        page.get_by_role("button", name="Send the referral").click()
        page.wait_for_url("**/en/referrals/")
        referral = Referral.objects.get()
        assert page.get_by_text(referral.reference).first.is_visible()
        assert page.get_by_text("F.K.").count() == 0  # lists show no names
        assert_accessible(page, "referral list")

        other.goto("/en/referrals/")
        other.get_by_role("link", name=referral.reference).click()
        assert other.get_by_text("F.K.").is_visible()
        assert_accessible(other, "referral detail")
        other.get_by_role("button", name="Accept").click()
        other.get_by_role("button", name="Contact made").click()
        other.locator("input[name=reason][value=got_help]").check()
        other.get_by_role("button", name="Close").click()
        other.wait_for_load_state("load")
        referral.refresh_from_db()
        assert referral.status == Referral.Status.CLOSED and referral.outcome == "got_help"

        page.goto(f"/en/referrals/{referral.uuid}/")
        history = page.locator("ol").last.inner_text()
        for step in ("Sent", "Opened", "Accepted", "Contact made", "Closed"):
            assert step in history
    finally:
        referrer_context.close()
        receiver_context.close()


def test_help_guide_in_arabic_without_cookies(visit):
    page = visit.page
    page.goto("/ar/help-guide/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page, "guide question")
    answers = (("danger", "no"), ("what", "sexual"), ("when", "recent"), ("age", "no"))
    for number, (key, value) in enumerate((*answers, ("stay", "azc")), start=1):
        page.locator(f"label[for=answer-{key}-{value}]").click()
        page.locator(f"#question-{number} .guide-nav a.button").first.click()
        assert "?" not in page.url
    assert page.locator('.guide-result:visible a[href^="tel:"]').count() > 0
    assert_accessible(page, "guide results")
    page.goto("/en/help-guide/professionals/")
    assert_accessible(page, "guide for professionals")
    assert visit.context.cookies() == [] and visit.other_origins == []

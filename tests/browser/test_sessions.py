"""A newcomer finds a session in Arabic, registers with a nickname only, keeps the private
link and cancels; a person on the waiting list gets the freed place. axe-core on each page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from samen.directory.models import Organization
from samen.sessions import services
from samen.sessions.models import Registration
from samen.sessions.services import RegistrationData
from tests.browser.conftest import signed_in_context
from tests.factories import info_session, member

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def assert_accessible(page, name):
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, (name, results.generate_report())


def test_arabic_newcomer_registers_with_a_nickname_and_cancels(visit):
    session = info_session(
        title={"nl": "Je rechten in Nederland", "ar": "حقوقك في هولندا"},
        languages=["ar"],
        capacity=10,
    )
    info_session(title={"nl": "Alleen Tigrinya", "ar": "تغرينية فقط"}, languages=["ti"])
    page = visit.page
    page.goto("/ar/sessions/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("select[name=language]").select_option("ar")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**/ar/sessions/?*language=ar*")
    assert page.get_by_role("link", name="تغرينية فقط").count() == 0
    assert_accessible(page, "calendar")
    page.get_by_role("link", name="حقوقك في هولندا").click()
    page.wait_for_url(f"**/ar/sessions/{session.uuid}/")
    assert_accessible(page, "session")
    page.locator(f'a[href$="/sessions/{session.uuid}/register/"]').click()
    assert_accessible(page, "registration form")
    page.locator("input[name=nickname]").fill("أمل")
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/ar/sessions/r/*/?new=1")
    private_link = page.locator(".private-link").inner_text()
    assert "/ar/sessions/r/" in private_link
    assert_accessible(page, "registration")
    registration = Registration.objects.get(session=session)
    assert registration.nickname == "أمل" and registration.language == "ar"
    assert registration.status == Registration.Status.CONFIRMED
    # Later, from the private link alone (a new context: no cookie, no history).
    later = visit.context.browser.new_context(base_url=visit.base_url)
    try:
        again = later.new_page()
        again.goto(private_link)
        again.locator("input[name=action][value=cancel] ~ button").click()
        again.wait_for_load_state("load")
        registration.refresh_from_db()
        assert registration.status == Registration.Status.CANCELLED
        assert again.locator("input[name=nickname]").count() == 0
    finally:
        later.close()
    assert visit.context.cookies() == [] and visit.other_origins == []


def test_a_person_waiting_gets_the_freed_place(visit):
    session = info_session(title={"nl": "Kleine groep", "en": "Small group"}, capacity=1)
    first, _token = services.session_register(
        session=session, data=RegistrationData(nickname="Eerste"), language="nl"
    )
    page = visit.page
    page.goto(f"/en/sessions/{session.uuid}/register/")
    assert page.get_by_text("This meeting is full.").is_visible()
    page.get_by_label("Name or nickname").fill("Second")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/en/sessions/r/*/?new=1")
    assert page.locator(".status").inner_text() == "On the waiting list"
    waiting_link = page.url.split("?")[0]
    services.registration_cancel(registration=first)
    page.goto(waiting_link)
    assert page.locator(".status").inner_text() == "Place confirmed"
    assert Registration.objects.exclude(pk=first.pk).get().status == "confirmed"


def test_session_exchange_pages_are_accessible_in_arabic(browser, live_server, live_directory):
    organization = Organization.objects.create(
        name="Vrouwen Vereniging", source_urls=["https://example.org"]
    )
    user = member("lid@example.org", organization, "owner")
    context = signed_in_context(browser, live_server.url, user)
    try:
        page = context.new_page()
        for path in ("/ar/exchange/", "/ar/exchange/mine/", "/ar/exchange/requests/new/"):
            page.goto(path)
            assert page.locator("html").get_attribute("dir") == "rtl"
            assert_accessible(page, path)
    finally:
        context.close()

"""A migrant organisation joins the social map, end to end in Chromium."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from samen.directory.models import Organization
from tests.browser.test_public_pages import WCAG_21_AA
from tests.factories import member

pytestmark = pytest.mark.browser
PASSWORD = "een-lang-en-veilig-wachtwoord-1"


def sign_up_and_in(page, email):
    page.goto("/nl/accounts/signup/")
    page.get_by_label("E-mail", exact=False).first.fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/confirm-email/**")
    link = re.search(r"http://[^/]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.locator("form button[type=submit]").click()
    page.goto("/nl/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/nl/account/")


def test_sign_up_register_add_service_appear_unverified_then_verified(visit, browser):
    page = visit.page
    sign_up_and_in(page, "voorzitter@example.org")

    page.get_by_role("link", name="Meld jullie organisatie aan").click()
    page.get_by_label("Naam van de organisatie").fill("Stichting Nieuw Begin")
    page.get_by_label("Soort organisatie").select_option("migrant-organisation")
    page.locator('[name="description_nl"]').fill("Praatgroepen voor Tigrinya-sprekende vrouwen.")
    # Other languages wait in a fold-out; Tigrinya is written there, in its own box.
    tigrinya = page.locator('[name="description_ti"]').first
    assert not tigrinya.is_visible()
    page.locator("summary", has_text="andere talen").first.click()
    assert tigrinya.get_attribute("lang") == "ti"
    tigrinya.fill("ንደቀንስትዮ ተዛረብቲ ትግርኛ")
    page.get_by_role("button", name="Aanmelden").click()
    assert page.get_by_text("Nog niet gecontroleerd").first.is_visible()

    page.get_by_role("link", name="Een dienst toevoegen").click()
    page.locator('[name="name_nl"]').fill("Vrouwencirkel Nieuw Begin")
    page.locator('[name="description_nl"]').fill("Een veilige praatgroep, elke maandag.")
    page.locator("#id_places-0-postal_code").fill("3511 AB")
    page.get_by_role("button", name="Op de kaart zetten").click()
    page.wait_for_url("**/manage/services/**")

    public = browser.new_context(base_url=visit.base_url)
    anonymous = public.new_page()
    anonymous.goto("/nl/search/?q=vrouwencirkel&place=3511")
    card = anonymous.locator(".card").first
    assert "Vrouwencirkel Nieuw Begin" in card.inner_text()
    assert "Nog niet gecontroleerd" in card.inner_text()

    # A platform administrator (with two-factor authentication) verifies the organisation.
    admin = member("beheer@example.org", is_staff=True)
    django_client = Client()
    django_client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    session = django_client.cookies[settings.SESSION_COOKIE_NAME].value
    staff = browser.new_context(base_url=visit.base_url)
    staff.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": visit.base_url}]
    )
    organization = Organization.objects.get(name="Stichting Nieuw Begin")
    assert organization.description["ti"] == "ንደቀንስትዮ ተዛረብቲ ትግርኛ"
    staff_page = staff.new_page()
    staff_page.goto(f"/nl/manage/organisations/{organization.uuid}/verify/")
    staff_page.get_by_label("Hoe heb je gecontroleerd").fill("Gebeld met de voorzitter")
    staff_page.get_by_role("button", name="Markeren als gecontroleerd").click()

    anonymous.goto("/nl/search/?q=vrouwencirkel&place=3511")
    assert "Nog niet gecontroleerd" not in anonymous.locator(".card").first.inner_text()
    assert public.cookies() == []
    public.close()
    staff.close()


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_member_forms_have_no_wcag_21_aa_violations(visit, language):
    page = visit.page
    sign_up_and_in(page, f"lid-{language}@example.org")
    axe = Axe()
    page.goto(f"/{language}/manage/organisations/new/")
    results = axe.run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    page.locator("form button[type=submit]").click()  # empty form: errors shown
    results = axe.run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    organization = Organization.objects.create(name="Test", kind="organisation")
    organization.memberships.create(user=member(f"x-{language}@example.org"), role="owner")
    page.goto(f"/{language}/account/")
    results = axe.run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def test_the_freshness_link_confirms_a_listing(visit):
    import datetime as dt

    from samen.directory.freshness import confirm_token

    organization = Organization.objects.create(
        name="Buurtvrouwen", last_checked=dt.date.today() - dt.timedelta(days=200)
    )
    page = visit.page
    page.goto(f"/nl/confirm/{confirm_token(organization)}/")
    page.get_by_role("button", name="Ja, het klopt nog").click()
    assert page.get_by_role("heading", name="Dank je").is_visible()
    organization.refresh_from_db()
    assert organization.last_checked == dt.date.today()
    assert visit.context.cookies() == []
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def test_a_key_person_for_professionals_only_is_invisible_anonymously(visit, browser):
    from samen.directory.models import KeyPerson

    shy = KeyPerson.objects.create(
        user=member("shy@example.org"), display_name="Selam", visibility="professionals"
    )
    KeyPerson.objects.create(
        user=member("open@example.org"), display_name="Yonas", visibility="public"
    )
    page = visit.page
    page.goto("/nl/people/")
    assert page.get_by_role("link", name="Yonas").is_visible()
    assert page.get_by_text("Selam").count() == 0
    assert page.goto(f"/nl/people/{shy.uuid}/").status == 404
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()

    verified = Organization.objects.create(name="GGD", verification="verified")
    professional = member("arts@example.org", verified, "editor")
    django_client = Client()
    django_client.force_login(professional, backend="django.contrib.auth.backends.ModelBackend")
    context = browser.new_context(base_url=visit.base_url)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": django_client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": visit.base_url,
            }
        ]
    )
    pro_page = context.new_page()
    pro_page.goto("/ar/people/")
    assert pro_page.get_by_role("link", name="Selam").is_visible()
    results = Axe().run(pro_page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    context.close()


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_remaining_pages_have_no_wcag_21_aa_violations(visit, browser, language):
    from samen.directory.models import Network, NetworkMembership, Service

    owner_org = Organization.objects.create(name="Zelforganisatie", languages=["ti"])
    owner = member(f"owner-{language}@example.org", owner_org, "owner")
    network = Network.objects.create(name="Netwerk", region="Utrecht")
    NetworkMembership.objects.create(network=network, organization=owner_org, status="member")
    service = Service.objects.create(organization=owner_org, name={"nl": "Spreekuur"})
    django_client = Client()
    django_client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    context = browser.new_context(base_url=visit.base_url)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": django_client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": visit.base_url,
            }
        ]
    )
    page = context.new_page()
    axe = Axe()
    for path in (
        "organisations/?language=ti",
        "networks/",
        f"networks/{network.uuid}/",
        f"manage/organisations/{owner_org.uuid}/",
        f"manage/organisations/{owner_org.uuid}/services/new/",
        f"manage/services/{service.uuid}/",
        f"account/organisations/{owner_org.uuid}/members/",
        f"manage/organisations/{owner_org.uuid}/networks/",
        "manage/key-person/",
        "manage/suggestions/",
    ):
        page.goto(f"/{language}/{path}")
        assert page.locator("#quick-exit").count() == 1, path
        results = axe.run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, (path, results.generate_report())
    context.close()


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_the_listing_editor_passes_axe_filled_in_with_errors_and_saved(
    browser, live_server, live_directory, language
):
    from samen.directory.models import Service
    from tests.browser.conftest import signed_in_context
    from tests.factories import PhoneFactory, ScheduleFactory, ServiceFactory, service_at

    organization = Organization.objects.create(
        name="Vrouwencirkel Nieuw Begin",
        description={"nl": "Wij helpen vrouwen die gevlucht zijn."},
        languages=["ar", "ti"],
        website="https://example.org",
    )
    owner = member(f"redacteur-{language}@example.org", organization, "owner")
    service = ServiceFactory(
        organization=organization,
        name={"nl": "Inloopochtend", "ar": "صباح مفتوح"},
        languages=["ar", "ti"],
    )
    PhoneFactory(service=service, number="030 000 0001", description={"nl": "Spreekuur"})
    PhoneFactory(service=service, number="030 000 0002", description={"nl": "Na sluiting"})
    ScheduleFactory(service=service, byday="FR")
    service_at(service, 52.09, 5.12)
    context = signed_in_context(browser, live_server.url, owner)
    page = context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    axe = Axe()

    def violations(state):  # type: ignore[no-untyped-def]
        results = axe.run(page, options=WCAG_21_AA)
        assert results.response["passes"], state  # axe really ran on the page
        return {state: results.generate_report()} if results.violations_count else {}

    found = {}
    try:
        page.goto(f"/{language}/manage/organisations/{organization.uuid}/")
        found |= violations("organisation, filled in")
        page.locator("[name=website]").fill("http://")
        page.locator("main form button[type=submit]").click()
        assert page.locator(".has-error [name=website]").count() == 1
        assert page.locator(".has-error").count() == 1
        found |= violations("organisation, with an error")

        page.goto(f"/{language}/manage/services/{service.uuid}/")
        assert page.locator("[name=phones-1-number]").input_value() == "030 000 0002"
        found |= violations("service, filled in")
        page.locator("[name=MO_opens]").fill("09:00")  # and no closing time
        page.locator("[name=places-0-postal_code]").fill("0000 XX")
        page.locator("main form button[type=submit]").click()
        assert page.locator(".has-error [name=MO_closes]").count() == 1
        assert page.locator(".has-error [name=places-0-postal_code]").count() == 1
        found |= violations("service, with errors")
        page.locator("[name=MO_closes]").fill("17:00")
        page.locator("[name=places-0-postal_code]").fill("3511 AB")
        page.locator("main form button[type=submit]").click()
        with translation.override(language):
            page.get_by_text(gettext("Saved. Thank you for keeping your listing true.")).wait_for()
        assert page.locator(".has-error").count() == 0
        found |= violations("service, saved")
        assert Service.objects.get(pk=service.pk).schedules.count() == 2
    finally:
        context.close()
    assert found == {}

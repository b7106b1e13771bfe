"""Issue 12, items 1 and 2 on a phone: the first search result shows on a 360x740 screen, and no
public or member page scrolls sideways at 320 or 360 px, in Dutch (long compounds), Arabic
(right to left) and Tigrinya (Ge'ez script)."""

import datetime as dt

import pytest

from samen.directory.models import KeyPerson, Network, NetworkMembership, Organization, Service
from samen.matchmaking.models import SessionRequest
from samen.sessions.models import Toolkit
from tests.browser.conftest import signed_in_context
from tests.factories import PhoneFactory, ServiceFactory, info_session, member

pytestmark = pytest.mark.browser

LONG_TITLE = {
    "nl": "Voorlichtingsbijeenkomsten over huiselijkgewelddeskundigheidsbevordering",
    "ar": "جلساتالتوعيةبشأنالعنفالمنزليوالعنفالجنسيوالعنفالقائمعلىالشرف",
    "ti": "ኣብዓመጽስድራቤትንጾታዊዓመጽንዝምልከትሓበሬታዊኣኼባታት",
}

# The elements that stick out past either edge of the viewport, to name them when a page fails.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.width && (box.right > width + 1 || box.left < -1)) {
      wide.push(element.tagName + '.' + element.className + ' ' + Math.round(box.width));
    }
  }
  return {scroll: document.documentElement.scrollWidth, width: width, wide: wide.slice(0, 5)};
}"""


def community_world():
    """One of each community-side page's objects, with words as long as real ones get."""
    organization = Organization.objects.create(
        name="Stichting Vluchtelingenvrouwenzelforganisatie Nederland",
        kind=Organization.Kind.MIGRANT_ORGANISATION,
        source_urls=["https://example.org/een/heel/lang/adres/zonder/spaties/erin"],
    )
    owner = member("eigenaar@example.org", organization, "owner")
    person = KeyPerson.objects.create(
        user=member("sleutel@example.org"),
        display_name="Sleutelpersoonvoorbeeldnaam",
        introduction=LONG_TITLE,
        visibility=KeyPerson.Visibility.PUBLIC,
        languages=["ar", "ti"],
    )
    network = Network.objects.create(name="Samenwerkingsverbandnetwerk Vluchtelingenopvang")
    NetworkMembership.objects.create(
        network=network, organization=organization, status=NetworkMembership.Status.MEMBER
    )
    session = info_session(organization, title=LONG_TITLE, languages=["ar", "ti", "nl"])
    toolkit = Toolkit.objects.create(
        title=LONG_TITLE,
        description=LONG_TITLE,
        url="https://example.org/toolkits/voorlichtingsmateriaalhuiselijkgeweld.pdf",
        status=Toolkit.Status.APPROVED,
    )
    request = SessionRequest.objects.create(
        organization=organization,
        note=LONG_TITLE["nl"],
        region="Zuidoost-Friesland",
        period_start=dt.date.today(),
        period_end=dt.date.today() + dt.timedelta(days=60),
        is_public=True,
        created_by=owner,
    )
    return {
        "organization": organization,
        "owner": owner,
        "person": person,
        "network": network,
        "session": session,
        "toolkit": toolkit,
        "request": request,
    }


def public_paths(world):
    csg = Service.objects.get(external_id="centrum-seksueel-geweld")
    return [
        "",
        "search/?q=geweld",
        "search/?q=hulp&place=1055&free=on&anonymous=on",
        "search/?place=Amsterdm",
        f"services/{csg.uuid}/",
        f"organisations/{csg.organization.uuid}/",
        f"organisations/{csg.organization.uuid}/suggest/",
        f"organisations/{world['organization'].uuid}/",
        "organisations/",
        "networks/",
        f"networks/{world['network'].uuid}/",
        "people/",
        f"people/{world['person'].uuid}/",
        "sessions/",
        f"sessions/{world['session'].uuid}/",
        f"sessions/{world['session'].uuid}/register/",
        "toolkits/",
        f"toolkits/{world['toolkit'].uuid}/",
        "exchange/",
        f"exchange/requests/{world['request'].uuid}/",
        "help-guide/",
        "help-guide/professionals/",
        "card/",
        "safety/",
        "about/",
        "words/",
        "accounts/login/",
        "accounts/signup/",
    ]


MEMBER_PATHS = [
    "account/",
    "sessions/mine/",
    "sessions/new/",
    "exchange/mine/",
    "exchange/requests/new/",
    "exchange/offers/new/",
    "toolkits/propose/",
    "manage/key-person/",
]


# Footer links a thumb cannot hit or that stick out of the viewport.
FOOTER_FAULTS = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('.site-footer a')]
    .map((link) => [link.textContent.trim(), link.getBoundingClientRect()])
    .filter(([, box]) => box.height < 44 || box.left < -1 || box.right > width + 1)
    .map(([text, box]) => text + ' ' + Math.round(box.left) + '-' + Math.round(box.right));
}"""


def widest_pages(page, language, paths, *, menu=False):
    """Pages wider than a 320 or 360 px phone; with `menu`, also at 320 px with the site menu
    open, and footer links that do not fit or are too small to hit."""
    too_wide = {}
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        for path in paths:
            response = page.goto(f"/{language}/{path}")
            assert response is not None and response.status < 400, (path, response)
            measured = page.evaluate(OVERFLOW)
            if measured["scroll"] > measured["width"]:
                too_wide[f"{width}px /{language}/{path}"] = measured
            if menu and width == 320:
                if faults := page.evaluate(FOOTER_FAULTS):
                    too_wide[f"{width}px /{language}/{path} footer"] = faults
                page.locator(".site-menu summary").click()
                links = page.locator(".site-menu ul a")
                assert links.first.is_visible() and links.last.is_visible(), path
                measured = page.evaluate(OVERFLOW)
                if measured["scroll"] > measured["width"]:
                    too_wide[f"{width}px /{language}/{path} menu open"] = measured
    return too_wide


@pytest.mark.parametrize("language", ["nl", "ar", "ti"])
def test_no_public_page_scrolls_sideways_on_a_phone(visit, language):
    world = community_world()
    assert widest_pages(visit.page, language, public_paths(world), menu=True) == {}


@pytest.mark.parametrize("language", ["nl", "ar", "ti"])
def test_a_line_with_several_numbers_fits_the_card_and_home_page_on_a_phone(visit, language):
    line = ServiceFactory(open_24_7=True, name={"nl": "Landelijke hulplijn voor slachtofferhulp"})
    PhoneFactory(service=line, position=1, number="+31 20 000 00 01", description=LONG_TITLE)
    PhoneFactory(service=line, position=2, number="+31 20 000 00 02", description=LONG_TITLE)
    PhoneFactory(service=line, position=3, number="0800-000 00 03", description={"nl": "Chat"})
    page = visit.page
    assert widest_pages(page, language, ["card/", ""], menu=True) == {}
    page.set_viewport_size({"width": 320, "height": 740})
    for path in ("card/", ""):
        page.goto(f"/{language}/{path}")
        for phone in line.phones.all():
            box = page.locator(f"a[href='tel:{phone.tel_uri}']").bounding_box()
            assert box is not None and box["height"] >= 44, (path, phone.number, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (path, phone.number, box)


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_no_member_page_scrolls_sideways_on_a_phone(browser, live_server, live_directory, language):
    world = community_world()
    context = signed_in_context(browser, live_server.url, world["owner"])
    try:
        pages = [*MEMBER_PATHS, f"manage/organisations/{world['organization'].uuid}/"]
        assert widest_pages(context.new_page(), language, pages) == {}
    finally:
        context.close()


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_first_result_is_on_the_first_phone_screen(visit, language):
    page = visit.page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/{language}/search/?q=geweld&place=1055&free=on&anonymous=on")
    summary = page.locator("details.filter-panel > summary")
    assert page.locator("details.filter-panel").get_attribute("open") is None
    assert "3" in summary.inner_text()  # place, free of charge, anonymous
    first = page.locator("ol.cards > li h3").first.bounding_box()
    assert first is not None and first["y"] + first["height"] < 740, first


def test_folded_filters_work_without_javascript(browser, live_server, live_directory):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_viewport_size({"width": 360, "height": 740})
        page.goto("/en/search/?q=geweld")
        summary = page.locator("details.filter-panel > summary")
        assert summary.inner_text().strip() == "Filters"
        assert not page.locator("select[name=topic]").is_visible()
        summary.click()
        page.locator("input[name=free]").check()
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url("**free=on**")
        assert summary.inner_text().strip() == "Filters, 1 active"
        assert page.locator("input[name=free]").is_checked()
    finally:
        context.close()


def test_filters_stay_open_when_nothing_is_found(visit):
    page = visit.page
    page.goto("/en/search/?q=zzzzqqqq")
    assert page.locator("details.filter-panel").get_attribute("open") == ""
    assert page.locator("select[name=topic]").is_visible()

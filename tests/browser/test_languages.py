"""Every language in the browser (issue 10): axe-core finds no WCAG 2.1 A/AA violation on the
main public pages in Arabic, Farsi, Tigrinya, Somali and Ukrainian; read aloud is offered only
with a voice for the page's language on the device itself."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from samen.directory.models import Service
from tests.factories import info_session

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.mark.parametrize("language", ["ar", "fa", "ti", "so", "uk"])
def test_main_pages_pass_axe_in_every_script(visit, language):
    page = visit.page
    session = info_session(languages=[language, "nl"])
    csg = Service.objects.get(external_id="centrum-seksueel-geweld")
    paths = [
        f"/{language}/",
        f"/{language}/search/?q=geweld",
        f"/{language}/services/{csg.uuid}/",
        f"/{language}/help-guide/",
        f"/{language}/sessions/",
        f"/{language}/sessions/{session.uuid}/",
    ]
    report = {}
    for path in paths:
        page.goto(path)
        results = Axe().run(page, options=WCAG_21_AA)
        if results.violations_count:
            report[path] = results.generate_report()
    assert report == {}, "\n".join(report.values())
    assert visit.other_origins == []


# The device's voices, as a page would see them (headless Chromium has none of its own).
FAKE_VOICES = """
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speaking: false,
  getVoices: () => %s,
  speak: (utterance) => { window.__spoken = utterance.text; },
  cancel: () => { window.__cancelled = true; },
  addEventListener: () => {},
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


def _read_aloud_button(visit, voices: str, path: str = "/ar/safety/"):  # type: ignore[no-untyped-def]
    visit.context.add_init_script(FAKE_VOICES % voices)
    visit.page.goto(path)
    assert visit.page.evaluate("window.speechSynthesis.getVoices().length") == 1
    return visit.page.locator("button.read-aloud")


def test_read_aloud_is_offered_with_a_local_voice_and_reads_the_page(visit):
    button = _read_aloud_button(visit, '[{lang: "ar-SA", localService: true, name: "x"}]')
    assert button.is_visible()
    button.click()
    spoken = visit.page.evaluate("window.__spoken")
    assert spoken and "Shift" in spoken  # the safety page's main text


def test_read_aloud_is_not_offered_with_only_a_network_voice(visit):
    button = _read_aloud_button(visit, '[{lang: "ar-SA", localService: false, name: "x"}]')
    assert button.count() == 0


def test_read_aloud_is_not_offered_without_a_voice_for_the_language(visit):
    button = _read_aloud_button(visit, '[{lang: "nl-NL", localService: true, name: "x"}]')
    assert button.count() == 0


def test_read_aloud_is_not_offered_without_javascript(browser, live_server, live_directory):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/ar/safety/")
    assert page.locator("button.read-aloud").count() == 0
    context.close()

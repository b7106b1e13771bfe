"""Issue 12, item 4: the help guide goes back. "Next question" and "Previous question" move
within one page, so the browser's Back does too and never meets a resubmission page; the
answers stay chosen and never leave the phone; no cookie, nothing in the address."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def visible_question(page):
    return (
        page.locator(".guide-question:visible")
        .first.locator("legend strong, h2")
        .first.inner_text()
    )


def answer(page, key, value):
    page.locator(f".guide-question:visible label[for=answer-{key}-{value}]").click()


def step(page, name):
    page.locator(".guide-question:visible").get_by_role("link", name=name).click()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_guide_goes_back_and_forth_without_losing_answers(
    browser, live_server, live_directory, javascript
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    try:
        page = context.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request))
        page.set_viewport_size({"width": 360, "height": 740})
        page.goto("/en/help-guide/")
        assert page.locator(".guide-question:visible").count() == 1
        assert visible_question(page) == "Are you in danger now?"
        for key, value in (("danger", "no"), ("what", "sexual"), ("when", "recent")):
            answer(page, key, value)
            step(page, "Next question")
        assert visible_question(page) == "Are you under 18?"
        # "Previous question" goes one back and the answer given there is still chosen.
        step(page, "Previous question")
        assert visible_question(page) == "When did it happen?"
        assert page.locator("#answer-when-recent").is_checked()
        # So does the browser's Back, within the same page.
        page.go_back()
        assert visible_question(page) == "Are you under 18?"
        page.go_back()
        page.go_back()
        assert visible_question(page) == "What happened? Choose what fits best."
        assert page.locator("#answer-what-sexual").is_checked()
        page.go_forward()
        page.go_forward()
        answer(page, "age", "no")
        step(page, "Next question")
        answer(page, "stay", "azc")
        step(page, "Show help that fits")
        assert visible_question(page) == "Help that fits"
        shown = page.locator(".guide-result:visible h3 a").all_inner_texts()
        assert shown and "Centrum Seksueel Geweld" in shown
        assert page.locator(".guide-result:visible.children-only").count() == 0
        assert page.url.endswith("/en/help-guide/#results")
        # To a service and Back: the guide's results part again, not an error page. The
        # browser keeps no copy of the answers once the page is left (autocomplete off), so
        # someone pressing Back on this phone later finds none; the national lines remain.
        page.locator(".guide-result:visible h3 a").first.click()
        page.wait_for_url("**/en/services/**")
        page.go_back()
        page.wait_for_load_state("load")
        assert visible_question(page) == "Help that fits"
        assert not page.locator("#answer-what-sexual").is_checked()
        assert page.locator('#results .guide-lines a[href^="tel:"]').first.is_visible()
        # One request for the guide page: the answers were never sent anywhere.
        guide_requests = [r for r in requests if "/help-guide/" in r.url]
        assert [r.method for r in guide_requests] == ["GET"] * len(guide_requests)
        assert all(r.post_data is None for r in requests)
        assert context.cookies() == []
    finally:
        context.close()


def test_other_answers_show_other_help(visit):
    page = visit.page
    page.goto("/en/help-guide/#results")
    assert page.locator(".guide-result:visible").count() == 0  # nothing chosen, nothing shown
    assert page.locator(
        '#results .guide-lines a[href^="tel:"]'
    ).first.is_visible()  # the national lines
    page.goto("/en/help-guide/#question-2")
    answer(page, "what", "fgm")
    page.goto("/en/help-guide/#results")
    fgm = page.locator(".guide-result:visible").count()
    assert fgm > 0 and page.locator(".guide-result:visible.for-what-sexual").count() < fgm


def test_danger_answer_shows_the_emergency_lines_at_once(visit):
    page = visit.page
    page.goto("/en/help-guide/")
    assert not page.locator('#question-1 a[href="tel:112"]').is_visible()
    answer(page, "danger", "unsure")
    assert page.locator('#question-1 a[href="tel:112"]').is_visible()


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_guide_steps_and_results_pass_axe(visit, language):
    page = visit.page
    for fragment in ("", "#question-3", "#results"):
        page.goto(f"/{language}/help-guide/{fragment}")
        if fragment == "#results":
            page.evaluate("document.getElementById('answer-what-sexual').checked = true")
        results = Axe().run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, (fragment, results.generate_report())

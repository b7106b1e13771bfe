"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Every request to another origin is recorded and answered locally (the machine has no internet),
so a test can assert that a page asked nothing of any other origin.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, Response, sync_playwright

from samen.audit.services import SystemActor
from samen.directory.loader import directory_load

CHROMIUM = Path(os.environ.get("SAMEN_CHROMIUM", "/usr/bin/chromium"))
NEUTRAL_PAGE = "<!doctype html><html lang='nl'><title>Weer</title><p>Het weer</p></html>"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"browser tests need Chromium at {CHROMIUM} (apt install chromium)"
        if os.environ.get("SAMEN_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the fixtures make
    # here are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def live_directory(transactional_db):  # type: ignore[no-untyped-def]
    return directory_load(actor=SystemActor("test"), path=settings.DIRECTORY_SOURCE_FILE)


class VisitPage:
    """A fresh browser context (no cookies, no history) that records other-origin requests."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.base_url = base_url
        self.context = browser.new_context(base_url=base_url, locale="nl-NL")
        self.other_origins: list[str] = []
        self.responses: list[Response] = []
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("response", lambda response: self.responses.append(response))

    def _route(self, route):  # type: ignore[no-untyped-def]
        url = route.request.url
        if url.startswith(self.base_url) or url.startswith("data:"):
            route.continue_()
        else:
            self.other_origins.append(url)
            route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)

    def bytes_transferred(self) -> int:
        """Bytes on the wire (headers and encoded bodies) of every response so far."""
        total = 0
        for response in self.responses:
            sizes = response.request.sizes()
            total += sizes["responseHeadersSize"] + sizes["responseBodySize"]
        return total

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, live_server, live_directory) -> Iterator[VisitPage]:  # type: ignore[no-untyped-def]
    visit_page = VisitPage(browser, live_server.url)
    yield visit_page
    visit_page.close()


def signed_in_context(browser: Browser, base_url: str, user):  # type: ignore[no-untyped-def]
    """A browser context carrying the user's session (signing in itself, with its second
    factor, is allauth's and tested there)."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    return context

"""A field with an error names its message in aria-describedby (Django does for inputs, the
form template for a group's fieldset) and the page has that message under that id, so a screen
reader reads the error with the input (GOV.UK's error message pattern)."""

import re

from tests.directory.test_organizations import PROFILE, edit_url
from tests.directory.test_service_editing import FORM, new_url
from tests.directory.test_suggestions import suggest
from tests.factories import TaxonomyTermFactory, client_for


def dangling_and_unread(html: str) -> tuple[list[str], list[str]]:
    """The ids aria-describedby names that the page lacks, and the error messages no
    aria-describedby names."""
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    named = {
        ref for refs in re.findall(r'aria-describedby="([^"]*)"', html) for ref in refs.split()
    }
    errors = re.findall(r'<p class="error" id="([^"]+)"', html)
    return sorted(named - ids), [error for error in errors if error not in named]


def test_the_listing_editors_errors_are_tied_to_their_inputs(world):
    TaxonomyTermFactory(code="domestic-violence")
    response = client_for(world["owner"]).post(
        new_url(world["own"]), {**FORM, "name_nl": "", "name_en": "", "url": "geen adres"}
    )
    html = response.content.decode()
    dangling, unread = dangling_and_unread(html)
    assert (dangling, unread) == ([], [])
    assert re.search(r'<p class="error" id="id_[\w-]*url_error">', html)
    assert 'aria-describedby="id_name_error"' in html  # the name's fieldset


def test_the_suggestion_forms_error_is_tied_to_its_input(client, world):
    html = suggest(client, world["own"], text="").content.decode()
    dangling, unread = dangling_and_unread(html)
    assert (dangling, unread) == ([], [])
    assert 'aria-describedby="id_text_helptext id_text_error"' in html


def test_a_search_filter_in_error_is_tied_to_the_summary(client, db):
    html = client.get("/en/search/", {"q": "hulp", "radius": "999"}).content.decode()
    dangling, unread = dangling_and_unread(html)
    assert (dangling, unread) == ([], [])
    assert 'id="id_radius_error"' in html and 'aria-describedby="id_radius_error"' in html


def summary(html: str) -> list[tuple[str, str]]:
    """The error summary's items: (the id its link goes to, or "", the message)."""
    box = re.search(
        r'<div class="error-summary" role="alert" tabindex="-1" id="errors">(.*?)</div>', html, re.S
    )
    assert box is not None, "no error summary"
    return [
        (link or "", re.sub(r"<[^>]+>", "", text).strip())
        for link, text in re.findall(r'<li>(?:<a href="#([^"]+)">)?(.*?)</li>', box.group(1), re.S)
    ]


def test_the_listing_editor_sums_up_its_errors_above_the_form(world):
    TaxonomyTermFactory(code="domestic-violence")
    response = client_for(world["owner"]).post(
        new_url(world["own"]),
        {**FORM, "name_nl": "", "name_en": "", "url": "geen adres", "places-0-postal_code": "12"},
    )
    html = response.content.decode()
    items = summary(html)
    ids = re.findall(r'\bid="([^"]+)"', html)
    # Every field in error, the phone and place rows' too, in page order, each a link to its input.
    assert [link for link, _ in items] == ["id_name_0", "id_url", "id_places-0-postal_code"]
    assert all(link in ids for link, _ in items) and len(ids) == len(set(ids))
    assert all(message for _, message in items)
    assert html.index('id="errors"') < html.index('id="id_name_0"')


def test_the_organisation_editor_sums_up_its_errors(world):
    form = {**PROFILE, "name": "", "website": "geen adres"}
    html = client_for(world["owner"]).post(edit_url(world["own"]), form).content.decode()
    items = summary(html)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert [link for link, _ in items] == ["id_name", "id_website"]
    assert all(link in ids for link, _ in items)


def test_a_listing_saved_without_errors_has_no_summary(world):
    TaxonomyTermFactory(code="domestic-violence")
    response = client_for(world["owner"]).post(new_url(world["own"]), FORM, follow=True)
    assert response.status_code == 200
    assert 'class="error-summary"' not in response.content.decode()

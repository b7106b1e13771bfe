"""Every HSDS endpoint, its parameters and the page object, each response checked against the
HSDS 3.0 schemas."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samen.api.serializers import ATTRIBUTE_TAXONOMY_ID, attribute_term_id
from tests.api.conftest import assert_valid_page, hsds_errors
from tests.api.factories import small_directory


@pytest.fixture
def directory(db):
    return small_directory()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "services",
        "services/",
        "service_at_locations",
        "organizations",
        "taxonomies",
        "taxonomy_terms/",
        "openapi.json",
    ],
)
def test_every_list_answers_without_a_redirect(api, directory, path):
    response = api(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_index_names_the_version_and_the_openapi_document(api, client, db):
    assert client.get("/api/hsds").json() == api("").json()
    data = api("").json()
    assert data["version"] == "3.0"
    assert data["openapi_url"] == "http://testserver/api/hsds/openapi.json"


def test_services_page_holds_valid_service_list_items(api, directory):
    page = api("services").json()
    assert_valid_page(page, "service_list")
    names = {item["name"] for item in page["contents"]}
    assert names == {"Spreekuur", "Opvang", "Consult"}
    assert page["total_items"] == 3
    assert page["first_page"] and page["last_page"]
    assert "phones" not in page["contents"][0]


def test_full_services_are_fully_nested_and_valid(api, directory):
    page = api("services?full=true&lang=en").json()
    assert_valid_page(page, "service")
    item = next(i for i in page["contents"] if i["id"] == str(directory.open_service.uuid))
    assert item["name"] == "Consultation hours"
    assert item["phones"][0]["description"] == "Desk (Mon-Fri 09:00-17:00)"
    assert item["schedules"][0]["opens_at"] == "09:00:00"
    assert item["schedules"][0]["closes_at"] == "17:00:00"
    (area,) = item["service_areas"]
    assert area["extent_type"] == "geojson"
    assert json.loads(area["extent"]) == {"type": "Point", "coordinates": [5.12, 52.09]}
    assert item["cost_options"][0]["option"] == "free"
    assert item["cost_options"][0]["amount"] == 0
    topic = next(
        a for a in item["attributes"] if a["taxonomy_term"].get("code") == "sexual-violence"
    )
    assert topic["taxonomy_term"]["parent_id"] == str(directory.parent.uuid)
    assert topic["taxonomy_term"]["taxonomy_id"] == str(directory.child.taxonomy.uuid)
    flag = next(a for a in item["attributes"] if a["taxonomy_term"].get("code") == "anonymous")
    assert flag["taxonomy_term"]["taxonomy_id"] == ATTRIBUTE_TAXONOMY_ID


def test_a_national_area_is_the_country_as_text(api, directory):
    item = api(f"services/{directory.hidden_service.uuid}").json()
    assert item["service_areas"][0]["extent"] == "Nederland"
    assert item["service_areas"][0]["extent_type"] == "text"


def test_minimal_lists_ids_and_change_dates(api, directory):
    page = api("services?minimal=true").json()
    assert_valid_page(page, "service_list")
    assert set(page["contents"][0]) == {"id", "name", "status", "last_modified"}


def test_service_detail_is_a_valid_service(api, directory):
    response = api(f"services/{directory.open_service.uuid}")
    assert response.status_code == 200
    assert hsds_errors(response.json(), "service") == []


@pytest.mark.parametrize(
    "path",
    [
        "services/00000000-0000-0000-0000-000000000000",
        "services/not-a-uuid",
        "service_at_locations/00000000-0000-0000-0000-000000000000",
        "organizations/xyz",
        "taxonomies/00000000-0000-0000-0000-000000000000",
        "taxonomy_terms/nope",
    ],
)
def test_an_unknown_id_is_a_404_with_an_error_body(api, directory, path):
    response = api(path)
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_paging(api, directory):
    first = api("services?per_page=2").json()
    assert (first["total_items"], first["total_pages"], first["size"]) == (3, 2, 2)
    assert first["first_page"] and not first["last_page"]
    second = api("services?per_page=2&page=2").json()
    assert (second["page_number"], second["size"], second["last_page"]) == (2, 1, True)
    ids = {i["id"] for i in first["contents"]} | {i["id"] for i in second["contents"]}
    assert len(ids) == 3
    beyond = api("services?per_page=2&page=9").json()
    assert beyond["empty"] and beyond["contents"] == []


def test_filters(api, directory):
    def names(query):
        return {i["name"] for i in api(f"services?{query}").json()["contents"]}

    assert names(f"taxonomy_term_id={directory.child.uuid}") == {"Spreekuur"}
    assert names(f"taxonomy_id={directory.child.taxonomy.uuid}") == {"Spreekuur", "Opvang"}
    assert names(f"organization_id={directory.unverified.uuid}") == {"Opvang"}
    assert names("search=spreekuur") == {"Spreekuur"}
    assert names("search=Utrecht") == {"Spreekuur", "Consult"}  # the organisation's name
    assert names("modified_after=2999-01-01T00:00:00Z") == set()
    assert len(names("modified_after=2000-01-01")) == 3
    assert len(names("modified_after=0404-04-14T20:05:04.7-18:09")) == 3
    assert len(names("modified_after=2000-01-01T00:00:00+01:00")) == 3


def test_ndjson_streams_every_record_without_paging(api, directory):
    response = api("services?format=ndjson&per_page=1")
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    items = [json.loads(line) for line in lines]
    assert len(items) == 3
    for item in items:
        assert hsds_errors(item, "service_list") == []


def test_service_at_locations_are_valid_and_hide_hidden_addresses(api, directory):
    page = api("service_at_locations").json()
    assert_valid_page(page, "service_at_location_list")
    assert page["total_items"] == 2
    detail = api(f"service_at_locations/{directory.open_sal.uuid}").json()
    assert hsds_errors(detail, "service_at_location") == []
    assert detail["location"]["addresses"][0]["address_1"] == "Open Straat 1"
    assert detail["service"]["id"] == str(directory.open_service.uuid)


def test_postcode_and_proximity(api, directory):
    def names(query):
        page = api(f"service_at_locations?{query}").json()
        return {i["service"]["name"] for i in page["contents"]}

    # 3511 is central Utrecht: the Utrecht location is within 5 km, Amsterdam's is not.
    assert names("postcode=3511&proximity=5000") == {"Spreekuur"}
    assert names("postcode=3511AB&proximity=100000") == {"Spreekuur", "Opvang"}
    # Without proximity: services whose area covers the postcode (Utrecht's, and the national).
    assert names("postcode=3511") == {"Spreekuur", "Opvang"}
    assert names("postcode=9711") == {"Opvang"}


def test_organizations(api, directory):
    page = api("organizations").json()
    assert_valid_page(page, "organization_list")
    assert {i["name"] for i in page["contents"]} == {"Hulp Utrecht", "Nieuwe Stichting"}
    full = api("organizations?full_service=true").json()
    for item in full["contents"]:
        assert hsds_errors(item, "organization") == []
        for service in item.get("services", []):
            assert hsds_errors(service, "service") == []
    detail = api(f"organizations/{directory.verified.uuid}").json()
    assert hsds_errors(detail, "organization") == []
    assert {s["name"] for s in detail["services"]} == {"Spreekuur", "Consult"}
    assert api("organizations?search=stichting").json()["total_items"] == 1


def test_taxonomies_and_terms(api, directory):
    taxonomies = api("taxonomies").json()
    for item in taxonomies["contents"]:
        assert hsds_errors(item, "taxonomy") == []
    assert ATTRIBUTE_TAXONOMY_ID in {t["id"] for t in taxonomies["contents"]}
    terms = api("taxonomy_terms?lang=en").json()
    for item in terms["contents"]:
        assert hsds_errors(item, "taxonomy_term") == []
    by_code = {t["code"]: t for t in terms["contents"]}
    assert by_code["sexual-violence"]["parent_id"] == str(directory.parent.uuid)
    assert by_code["sexual-violence"]["name"] == "Sexual violence"
    assert by_code["professionals_only"]["taxonomy_id"] == ATTRIBUTE_TAXONOMY_ID
    children = api(f"taxonomy_terms?parent_id={directory.parent.uuid}").json()
    assert [t["code"] for t in children["contents"]] == ["sexual-violence"]
    top = {t["code"] for t in api("taxonomy_terms?top_only=true").json()["contents"]}
    assert "violence" in top and "sexual-violence" not in top
    term = api(f"taxonomy_terms/{directory.child.uuid}").json()
    assert hsds_errors(term, "taxonomy_term") == []
    flag = api(f"taxonomy_terms/{attribute_term_id('unverified')}").json()
    assert flag["code"] == "unverified"
    taxonomy = api(f"taxonomies/{directory.child.taxonomy.uuid}").json()
    assert taxonomy["name"] == directory.child.taxonomy.name


def test_language_from_lang_or_accept_language_is_stated(api, directory):
    path = f"services/{directory.open_service.uuid}"
    english = api(f"{path}?lang=en")
    assert english.json()["description"] == "Help in Utrecht"
    assert english["Content-Language"] == "en"
    dutch = api(path, HTTP_ACCEPT_LANGUAGE="de, nl;q=0.8")
    assert dutch.json()["description"] == "Hulp in Utrecht"
    assert dutch["Content-Language"] == "nl"
    arabic = api(path, HTTP_ACCEPT_LANGUAGE="ar")
    assert arabic["Content-Language"] == "ar"
    assert api("", HTTP_ACCEPT_LANGUAGE="en-GB").json()["language"] == "en"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("services?page=0", "page"),
        ("services?page=abc", "page"),
        ("services?per_page=1000", "per_page"),
        ("services?format=xml", "format"),
        ("services?modified_after=yesterday", "modified_after"),
        ("services?taxonomy_term_id=12", "taxonomy_term_id"),
        ("services?full=maybe", "full"),
        ("services?full=true&minimal=true", "minimal"),
        ("services?lang=xx", "lang"),
        ("service_at_locations?postcode=abc", "postcode"),
        ("service_at_locations?postcode=0000", "postcode"),
        ("service_at_locations?proximity=500", "proximity"),
        ("service_at_locations?postcode=3511&proximity=-1", "proximity"),
        ("service_at_locations?postcode=3511&proximity=nan", "proximity"),
        ("taxonomy_terms?parent_id=x", "parent_id"),
        ("organizations?per_page=0", "per_page"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(api, directory, query, parameter):
    response = api(query)
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter
    assert body["message"]


@pytest.mark.parametrize(
    "path",
    [
        "services",
        "services?full=true",
        "service_at_locations?full=true",
        "organizations?full=true",
        "organizations?full_service=true",
    ],
)
def test_a_page_costs_the_same_queries_however_many_records_it_holds(api, directory, path):
    url = f"{path}{'&' if '?' in path else '?'}per_page=100"

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert api(url).json()["size"] > 0
        return len(context.captured_queries)

    queries()  # the first request of a minute also starts the rate-limit counter
    few = queries()
    for _ in range(4):
        small_directory()
    queries()  # the first request after a change reads the list's ids again
    assert queries() == few

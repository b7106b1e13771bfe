"""Taxonomies and terms kept from an import: listed, filterable and exported by the HSDS API
like samen's own, with ids from the source, and kept through export -> import -> export."""

import pytest

from samen.imports.models import ImportedTaxonomy, ImportedTerm
from samen.imports.plan import import_uuid
from tests.api.conftest import hsds_errors
from tests.factories import ServiceFactory
from tests.imports.test_import_hsds import (
    EXAMPLES,
    OFFICIAL_ID,
    export,
    official_service,
    run,
    uid,
    write,
)

# The official example's term and its taxonomy (taxonomy_detail).
TERM_ID = "3f7b145d-84af-42d7-8fae-eaca714b02b2"
TAXONOMY_ID = "5c4d79d7-cc55-470e-9f1f-8cad074e4892"


def get(client, path):
    response = client.get(f"/api/hsds/{path}")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def imported(db):
    run(EXAMPLES / "service_full.json")
    return ImportedTerm.objects.select_related("taxonomy").get()


def test_the_taxonomy_and_term_keep_the_sources_details_and_stable_ids(imported):
    taxonomy = imported.taxonomy
    assert taxonomy.uuid == import_uuid("example", "taxonomy", TAXONOMY_ID)
    assert (taxonomy.name, taxonomy.uri, taxonomy.version) == (
        "taxonomy",
        "http://example.com",
        "version",
    )
    assert imported.uuid == import_uuid("example", "taxonomy_term", TERM_ID)
    assert (imported.code, imported.name) == ("code", "name")


def test_a_repeated_import_keeps_ids_and_change_dates(imported):
    run(EXAMPLES / "service_full.json")
    again = ImportedTerm.objects.select_related("taxonomy").get()
    assert (again.uuid, again.updated_at) == (imported.uuid, imported.updated_at)
    assert again.taxonomy.updated_at == imported.taxonomy.updated_at


def test_a_term_no_service_carries_any_more_goes_with_its_taxonomy(imported, tmp_path):
    run(write(tmp_path, official_service() | {"attributes": []}))
    assert not ImportedTerm.objects.exists() and not ImportedTaxonomy.objects.exists()


def test_imported_taxonomies_and_terms_are_listed_and_found_by_id(client, imported):
    taxonomies = get(client, "taxonomies")["contents"]
    listed = [t for t in taxonomies if t["id"] == str(imported.taxonomy.uuid)]
    assert listed == [
        {
            "id": str(imported.taxonomy.uuid),
            "name": "taxonomy",
            "description": "description",
            "uri": "http://example.com",
            "version": "version",
        }
    ]
    assert hsds_errors(listed[0], "taxonomy") == []
    assert get(client, f"taxonomies/{imported.taxonomy.uuid}")["name"] == "taxonomy"
    terms = get(client, f"taxonomy_terms?taxonomy_id={imported.taxonomy.uuid}")["contents"]
    assert [t["id"] for t in terms] == [str(imported.uuid)]
    assert terms[0]["taxonomy_id"] == str(imported.taxonomy.uuid)
    assert hsds_errors(terms[0], "taxonomy_term") == []
    assert get(client, f"taxonomy_terms/{imported.uuid}")["code"] == "code"
    assert str(imported.uuid) in {t["id"] for t in get(client, "taxonomy_terms")["contents"]}
    assert get(client, "taxonomy_terms?search=name")["contents"][-1]["id"] == str(imported.uuid)
    assert not get(client, f"taxonomy_terms?parent_id={uid(1)}")["contents"]


def test_services_are_filtered_by_an_imported_term_or_taxonomy(client, imported):
    ServiceFactory()  # carries no imported term
    official = str(import_uuid("example", "service", OFFICIAL_ID))
    for parameter in (
        f"taxonomy_term_id={imported.uuid}",
        f"taxonomy_id={imported.taxonomy.uuid}",
    ):
        page = get(client, f"services?{parameter}")
        assert [s["id"] for s in page["contents"]] == [official], parameter
    assert get(client, "services")["total_items"] == 2
    assert get(client, f"services?taxonomy_term_id={uid(9)}")["total_items"] == 0


def test_a_services_attribute_nests_the_imported_taxonomy(client, imported):
    service = get(client, f"services/{import_uuid('example', 'service', OFFICIAL_ID)}")
    assert hsds_errors(service, "service") == []
    (attribute,) = [a for a in service["attributes"] if a["taxonomy_term_id"] == str(imported.uuid)]
    term = attribute["taxonomy_term"]
    assert term["taxonomy_id"] == str(imported.taxonomy.uuid)
    assert term["taxonomy_detail"]["version"] == "version"


def test_imported_taxonomies_survive_export_import_export(imported, tmp_path):
    (first,) = export(tmp_path, "first.json")
    run(tmp_path / "first.json", source="round-trip")
    again = ImportedTaxonomy.objects.get(source="round-trip")
    assert (again.name, again.uri, again.version) == ("taxonomy", "http://example.com", "version")
    # The copy's ids derive from the round trip's source and the ids the export gave.
    assert again.source_id == str(imported.taxonomy.uuid)
    second = {item["id"]: item for item in export(tmp_path, "second.json")}
    copied = second[str(import_uuid("round-trip", "service", first["id"]))]
    (term,) = [
        a["taxonomy_term"] for a in copied["attributes"] if a["taxonomy_term"]["code"] == "code"
    ]
    assert term["taxonomy_detail"]["name"] == "taxonomy"
    assert term["id"] == str(import_uuid("round-trip", "taxonomy_term", imported.uuid))


def test_a_term_without_taxonomy_details_gets_one_named_by_the_source(db, tmp_path):
    service = official_service()
    service["attributes"] = [
        {
            "id": uid(1),
            "taxonomy_term": {"id": uid(2), "name": "Shelter", "description": "x", "taxonomy": "X"},
        }
    ]
    run(write(tmp_path, service))
    taxonomy = ImportedTaxonomy.objects.get()
    assert (taxonomy.source_id, taxonomy.name, taxonomy.uuid) == (
        "X",
        "X",
        import_uuid("example", "taxonomy", "X"),
    )

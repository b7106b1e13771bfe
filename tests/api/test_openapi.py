"""/api/hsds/openapi.json: the official HSDS document, adapted and self-contained."""

import json

OFFICIAL_PATHS = {
    "/",
    "/services",
    "/services/{id}",
    "/service_at_locations",
    "/service_at_locations/{id}",
    "/organizations",
    "/organizations/{id}",
    "/taxonomies",
    "/taxonomies/{id}",
    "/taxonomy_terms",
    "/taxonomy_terms/{id}",
}


def test_the_document_is_served_with_every_official_path(api, db):
    response = api("openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == OFFICIAL_PATHS
    assert document["servers"] == [{"url": "/api/hsds"}]


def test_every_reference_resolves_inside_the_document(api, db):
    document = api("openapi.json").json()
    text = json.dumps(document)
    assert "raw.githubusercontent.com" not in text
    refs = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    assert refs
    for ref in refs:
        target = document
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]


def test_samens_parameters_and_errors_are_documented(api, db):
    document = api("openapi.json").json()
    services = document["paths"]["/services"]["get"]
    refs = {p.get("$ref", "").rsplit("/", 1)[-1] for p in services["parameters"]}
    assert {"lang", "demo", "modified_after", "minimal", "full", "format"} <= refs
    assert {"200", "304", "400", "429"} <= services["responses"].keys()
    detail = document["paths"]["/service_at_locations/{id}"]["get"]["responses"]
    assert detail["404"]
    schema = detail["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/service_at_location"}

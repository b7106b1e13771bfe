"""HSDS schema validators and helpers for the API tests."""

import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from samen.api.openapi import SCHEMA_DIR

COMPILED = Path(__file__).parents[1] / "data" / "hsds"
BASE = "https://hsds.test/"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _tables() -> Registry:
    return Registry().with_resources(
        (BASE + path.name, Resource.from_contents(_load(path), default_specification=DRAFT202012))
        for path in SCHEMA_DIR.glob("*.json")
        if path.stem != "openapi"
    )


REGISTRY = _tables()
SCHEMAS = {
    "service": _load(COMPILED / "service.schema.json"),
    **{
        name: _load(COMPILED / "compiled" / f"{name}.json")
        for name in ("service_list", "organization_list", "service_at_location_list")
    },
    **{
        name: {"$ref": f"{BASE}{name}.json"}
        for name in ("organization", "service_at_location", "taxonomy", "taxonomy_term")
    },
}
VALIDATORS = {
    name: jsonschema.Draft202012Validator(
        schema, registry=REGISTRY, format_checker=jsonschema.FormatChecker()
    )
    for name, schema in SCHEMAS.items()
}
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def hsds_errors(item: dict, schema: str) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in VALIDATORS[schema].iter_errors(item)]


def assert_valid_page(page: dict, item_schema: str) -> None:
    assert page.keys() >= PAGE_KEYS
    assert page["size"] == len(page["contents"])
    assert page["empty"] is (not page["contents"])
    for item in page["contents"]:
        assert hsds_errors(item, item_schema) == [], item.get("id")


@pytest.fixture
def api(client):
    """GET an API path and return the response (JSON already checked to be JSON)."""

    def get(path: str, **extra):
        return client.get(f"/api/hsds/{path}", **extra)

    return get

"""samen's OpenAPI document: the official HSDS 3.0 `openapi.json`, adapted.

Adapted, not generated: the contract other directories and validators check against is the
standard's own document, so samen serves that one with its gaps filled rather than a second
description that could drift from it. Changes: the schemas are inlined from the HSDS table
schemas in data/hsds (the official document points at raw.githubusercontent.com, which a
validator in a closed network cannot read); parameter types made exact (`page` >= 1,
`per_page` 1-100, `format` json|ndjson, `modified_after` a date-time); samen's `lang`, `demo`
and the taxonomy-term filters documented; the 304, 400, 404 and 429 answers added; the
service_at_location detail answered with its own schema (the official one names `service`).
"""

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from .params import MAX_PER_PAGE, MAX_PROXIMITY_M

SCHEMA_DIR = Path(__file__).parent / "data" / "hsds"
OFFICIAL_PREFIX = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
# The official document's compiled schemas, each answered by one table schema (a list item is
# a service/organisation/service_at_location without its arrays: the full schema covers it).
COMPILED = {
    "compiled/service.json": "service",
    "compiled/service_list.json": "service",
    "compiled/organization.json": "organization",
    "compiled/organization_list.json": "organization",
    "compiled/service_at_location_list.json": "service_at_location",
    "taxonomy.json": "taxonomy",
    "taxonomy_term.json": "taxonomy_term",
}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["status", "message"],
    "properties": {
        "status": {"type": "integer"},
        "message": {"type": "string"},
        "parameter": {"type": "string", "description": "The parameter that was refused."},
    },
}


def _rewrite_refs(node: Any) -> Any:
    """`"phone.json"` and the official URLs become `#/components/schemas/<table>`."""
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and not value.startswith("#"):
                name = value.removeprefix(OFFICIAL_PREFIX)
                result[key] = "#/components/schemas/" + COMPILED.get(
                    name, name.removesuffix(".json")
                )
            else:
                result[key] = _rewrite_refs(value)
        return result
    if isinstance(node, list):
        return [_rewrite_refs(item) for item in node]
    return node


def _table_schemas() -> dict[str, Any]:
    schemas = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        if path.stem == "openapi":
            continue
        schemas[path.stem] = _rewrite_refs(json.loads(path.read_text(encoding="utf-8")))
    return schemas


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _parameters(document: dict[str, Any]) -> None:
    parameters = document["components"]["parameters"]
    parameters["page"]["schema"] = {"type": "integer", "minimum": 1}
    parameters["per_page"]["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}
    parameters["format"]["schema"] = {"type": "string", "enum": ["json", "ndjson"]}
    parameters["modified_after"]["schema"] = {"type": "string", "format": "date-time"}
    parameters["search"]["schema"] = {"type": "string", "maxLength": 200}
    parameters["proximity"]["schema"] = {"type": "number", "minimum": 0, "maximum": MAX_PROXIMITY_M}
    parameters["proximity"]["description"] += " samen: needs `postcode`."
    parameters["postcode"]["schema"] = {"type": "string", "pattern": r"^\d{4}( ?[A-Za-z]{2})?$"}
    parameters["postcode"]["description"] += (
        " samen: a Dutch postcode; without `proximity`, services whose area covers it."
    )
    for name in ("taxonomy_term_id", "taxonomy_id", "organization_id"):
        parameters[name]["schema"] = {"type": "string", "format": "uuid"}
    parameters["lang"] = {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "Language of the texts (default: Accept-Language, else nl). The "
        "language used is stated in Content-Language.",
        "schema": {"type": "string", "enum": [code for code, _name in settings.LANGUAGES]},
    }
    parameters["demo"] = {
        "name": "demo",
        "in": "query",
        "required": False,
        "description": "Include generated demo records (never real; left out by default).",
        "schema": {"type": "boolean"},
    }


def _operations(document: dict[str, Any]) -> None:
    # The official document answers /service_at_locations/{id} with a *service*, a slip: it is
    # a service_at_location (compiled/service_at_location.json upstream).
    detail = document["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"]
    detail["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/service_at_location"
    }
    for path, item in document["paths"].items():
        for parameter in item.get("parameters", []):
            if parameter.get("in") == "path":
                parameter["schema"] = {"type": "string"}
        operation = item["get"]
        extra = [{"$ref": "#/components/parameters/lang"}]
        if path not in ("/", "/taxonomies", "/taxonomies/{id}", "/taxonomy_terms") and (
            path != "/taxonomy_terms/{id}"
        ):
            extra.append({"$ref": "#/components/parameters/demo"})
        operation["parameters"] = [*operation.get("parameters", []), *extra]
        for parameter in operation["parameters"]:
            if parameter.get("name") == "parent_id":
                parameter["schema"] = {"type": "string", "format": "uuid"}
        responses = operation["responses"]
        responses["304"] = {"description": "Not modified since the ETag or date the client sent."}
        responses["400"] = _error("A parameter is not valid; `parameter` names it.")
        responses["429"] = _error("Too many requests from this client; see Retry-After.")
        if "{id}" in path:
            responses["404"] = _error("No record with this id.")
        if operation.get("parameters") and any(
            p.get("$ref", "").endswith("/format") for p in operation["parameters"]
        ):
            responses["200"]["content"]["application/x-ndjson"] = {
                "schema": {
                    "type": "string",
                    "description": "With format=ndjson: one record a line.",
                }
            }


@cache
def openapi_document() -> dict[str, Any]:
    official = json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))
    document = _rewrite_refs(copy.deepcopy(official))
    document["info"] = {
        "title": "samen HSDS API",
        "version": "1.0.0",
        "summary": "The social map of samen as Open Referral HSDS 3.0.",
        "description": "Read-only and anonymous. See docs/api.md in the samen repository.",
        "license": {"name": "CC BY-SA 4.0", "identifier": "CC-BY-SA-4.0"},
    }
    document["servers"] = [{"url": "/api/hsds"}]
    document["components"]["schemas"].update(_table_schemas())
    document["components"]["schemas"]["Error"] = ERROR_SCHEMA
    _parameters(document)
    _operations(document)
    return document

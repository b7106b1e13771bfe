"""Reading HSDS 3.0 services from a file: JSON (one service, a list page, an array), ndjson, or
the official CSV datapackage (a folder, its datapackage.json, or a zip of it), and checking every
service against the standard's compiled `service` schema, each problem named by its path."""

import csv
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from django.utils.translation import gettext as _

from samen.core.errors import ApplicationError

SCHEMA_FILE = Path(__file__).parent / "data" / "hsds" / "service.json"
# CSV cells the schema wants as numbers.
NUMBER_COLUMNS = {
    "minimum_age",
    "maximum_age",
    "amount",
    "latitude",
    "longitude",
    "extension",
    "year_incorporated",
    "interval",
    "count",
    "timezone",
}


@dataclass(frozen=True)
class Record:
    """One service of the file, with where it is in the file (for error messages)."""

    label: str
    data: dict[str, Any]


def read_path(path: Path) -> list[Record]:
    """The services of a file or of a CSV datapackage folder."""
    if path.is_dir():
        return read_tables({item.name: _text(item) for item in path.glob("*.csv")})
    if path.name == "datapackage.json":
        return read_tables({item.name: _text(item) for item in path.parent.glob("*.csv")})
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ApplicationError(_("Cannot read %(name)s.") % {"name": path.name}) from error
    return read_bytes(path.name, data)


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ApplicationError(
            _("%(name)s is not a readable UTF-8 CSV file.") % {"name": path.name}
        ) from error


def read_bytes(name: str, data: bytes) -> list[Record]:
    """The services of an uploaded or read file: JSON, ndjson or a zipped CSV datapackage."""
    if data.startswith(b"PK"):
        return _read_zip(name, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ApplicationError(_("%(name)s is not a UTF-8 text file.") % {"name": name}) from error
    try:
        return _from_json(json.loads(text))
    except json.JSONDecodeError:
        return _read_ndjson(name, text)


def _not_hsds(name: str) -> ApplicationError:
    return ApplicationError(
        _(
            "%(name)s holds no HSDS services: give one service, a list page, an array of "
            "services, ndjson (one service a line) or the CSV datapackage."
        )
        % {"name": name}
    )


def _from_json(raw: Any) -> list[Record]:
    if isinstance(raw, dict) and isinstance(raw.get("contents"), list):
        return [Record(f"contents[{i}]", item) for i, item in enumerate(raw["contents"])]
    if isinstance(raw, list):
        return [Record(f"services[{i}]", item) for i, item in enumerate(raw)]
    if isinstance(raw, dict) and "id" in raw and "name" in raw:
        return [Record("service", raw)]
    raise _not_hsds("JSON")


def _read_ndjson(name: str, text: str) -> list[Record]:
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(Record(f"line {number}", json.loads(line)))
        except json.JSONDecodeError as error:
            raise ApplicationError(
                _("%(name)s is neither JSON nor ndjson (line %(line)s cannot be read).")
                % {"name": name, "line": number}
            ) from error
    if not records:
        raise _not_hsds(name)
    return records


def _read_zip(name: str, data: bytes) -> list[Record]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            tables = {
                Path(member).name: archive.read(member).decode("utf-8-sig")
                for member in archive.namelist()
                if member.endswith(".csv")
            }
    except (zipfile.BadZipFile, UnicodeDecodeError, OSError) as error:
        raise ApplicationError(
            _("%(name)s is not a readable zip file of CSV tables.") % {"name": name}
        ) from error
    return read_tables(tables)


def _rows(tables: dict[str, str], table: str) -> list[dict[str, Any]]:
    """A table's rows, empty cells left out and numbers as numbers."""
    text = tables.get(f"{table}.csv")
    if text is None:
        return []
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        item: dict[str, Any] = {}
        for column, value in row.items():
            if column is None or value in (None, ""):
                continue
            item[column] = _number(value) if column in NUMBER_COLUMNS else value
        rows.append(item)
    return rows


def _number(value: str) -> Any:
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            continue
    return value


def _by(rows: Iterable[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if key in row:
            grouped[row[key]].append(row)
    return grouped


def read_tables(tables: dict[str, str]) -> list[Record]:
    """Services of the CSV datapackage, each nested as the JSON form has it."""
    if "services.csv" not in tables:
        raise ApplicationError(_("The CSV datapackage has no services.csv."))
    organizations = {row["id"]: row for row in _rows(tables, "organizations") if "id" in row}
    phones = _rows(tables, "phones")
    languages = _rows(tables, "languages")
    languages_by_phone = _by(languages, "phone_id")
    for phone in phones:
        phone["languages"] = [
            _without(lang, "phone_id") for lang in languages_by_phone[phone["id"]]
        ]
    phones_by_service = _by(phones, "service_id")
    organization_phones = _by((p for p in phones if "service_id" not in p), "organization_id")
    addresses = _by(_rows(tables, "addresses"), "location_id")
    locations = {
        row["id"]: {**row, "addresses": addresses[row["id"]]}
        for row in _rows(tables, "locations")
        if "id" in row
    }
    organization_locations = _by(locations.values(), "organization_id")
    taxonomies = {row["id"]: row for row in _rows(tables, "taxonomies") if "id" in row}
    terms = {
        row["id"]: _term(row, taxonomies) for row in _rows(tables, "taxonomy_terms") if "id" in row
    }
    children = {
        "schedules": _by(_rows(tables, "schedules"), "service_id"),
        "service_areas": _by(_rows(tables, "service_areas"), "service_id"),
        "languages": _by(languages, "service_id"),
        "cost_options": _by(_rows(tables, "cost_options"), "service_id"),
    }
    links = _by(_rows(tables, "service_at_location"), "service_id")
    attributes = _by(_rows(tables, "attributes"), "link_id")
    records = []
    for number, row in enumerate(_rows(tables, "services"), start=2):
        service = dict(row)
        service_id = row.get("id", "")
        for key, grouped in children.items():
            service[key] = grouped[service_id]
        service["phones"] = phones_by_service[service_id]
        service["service_at_locations"] = [
            {
                **link,
                **(
                    {"location": locations[link["location_id"]]}
                    if link.get("location_id") in locations
                    else {}
                ),
            }
            for link in links[service_id]
        ]
        service["attributes"] = [
            {
                **item,
                **(
                    {"taxonomy_term": terms[item["taxonomy_term_id"]]}
                    if item.get("taxonomy_term_id") in terms
                    else {}
                ),
            }
            for item in attributes[service_id]
        ]
        organization = organizations.get(row.get("organization_id", ""))
        if organization is not None:
            service["organization"] = {
                **organization,
                "phones": organization_phones[organization["id"]],
                "locations": organization_locations[organization["id"]],
            }
        records.append(Record(f"services.csv row {number}", service))
    return records


def _with(row: dict[str, Any], key: str, value: dict[str, Any] | None) -> dict[str, Any]:
    return {**row, key: value} if value is not None else row


def _without(row: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != key}


def _term(row: dict[str, Any], taxonomies: dict[str, dict[str, Any]]) -> dict[str, Any]:
    taxonomy = taxonomies.get(row.get("taxonomy_id", ""))
    return {**row, **({"taxonomy_detail": taxonomy} if taxonomy else {})}


@cache
def _validator() -> Any:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def _path(label: str, parts: Iterable[Any]) -> str:
    text = label
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _problem(error: jsonschema.ValidationError) -> tuple[list[Any], str]:
    """(path, what is wrong) of one schema error, in words a reader of the file understands."""
    path = list(error.absolute_path)
    if error.validator == "required":
        missing = next((name for name in error.validator_value if name not in error.instance), "?")
        return [*path, missing], _("required")
    if error.validator == "type":
        return path, _("must be of type %(type)s") % {"type": error.validator_value}
    if error.validator == "enum":
        return path, _("must be one of %(values)s") % {
            "values": ", ".join(str(v) for v in error.validator_value)
        }
    if error.validator == "format":
        return path, _("is not a valid %(format)s") % {"format": error.validator_value}
    return path, _("is not valid (%(rule)s)") % {"rule": error.validator}


def schema_errors(records: list[Record]) -> list[str]:
    """Every way the records break the HSDS service schema, as "path: problem"."""
    errors: list[str] = []
    for record in records:
        if not isinstance(record.data, dict):
            errors.append(f"{record.label}: " + _("must be an HSDS service object"))
            continue
        problems = sorted(
            (_problem(error) for error in _validator().iter_errors(record.data)),
            key=lambda item: [str(part) for part in item[0]],
        )
        errors.extend(f"{_path(record.label, path)}: {message}" for path, message in problems)
    return errors

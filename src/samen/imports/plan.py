"""From an HSDS service (already checked against the schema) to what samen keeps of it: the
values of its organisation, service, phones, hours, languages, areas and places, with ids from
(source, id in the source). What samen has no field for is left out; what does not fit a field
is an error with its path, found before anything is written."""

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, cast
from uuid import UUID

from django.db.models import Field, Model
from django.utils.translation import gettext as _

from samen.api.serializers import ATTRIBUTE_TAXONOMY_ID, ATTRIBUTE_TAXONOMY_NAME, FLAG_ATTRIBUTES
from samen.directory.ids import stable_uuid
from samen.directory.models import (
    Address,
    Language,
    Location,
    Organization,
    Phone,
    Service,
    ServiceArea,
    TaxonomyTerm,
)

from .reader import Record


def import_uuid(source: str, kind: str, source_id: object) -> UUID:
    """The samen id of record `source_id` of kind `kind` in `source`: the same everywhere."""
    return stable_uuid("import", source, kind, source_id)


@dataclass
class LocationPlan:
    source_id: str
    uuid: UUID
    values: dict[str, Any]
    addresses: list[dict[str, Any]]


@dataclass
class Place:
    """A service at a location."""

    link_uuid: UUID
    link_description: str
    location: LocationPlan


@dataclass
class OrganizationPlan:
    source_id: str
    uuid: UUID
    values: dict[str, Any]
    description: str
    phones: list[dict[str, Any]]
    locations: list[LocationPlan] = field(default_factory=list)


@dataclass(frozen=True)
class TaxonomyPlan:
    """A taxonomy of the source: its id there (its name when the file gives none)."""

    source_id: str
    name: str
    description: str = ""
    uri: str = ""
    version: str = ""


@dataclass(frozen=True)
class TermPlan:
    """A term that matches none of samen's topics, kept with its taxonomy."""

    source_id: str
    taxonomy: TaxonomyPlan
    code: str
    name: str
    description: str


@dataclass
class ServicePlan:
    label: str
    source_id: str
    uuid: UUID
    organization: OrganizationPlan
    values: dict[str, Any]
    texts: dict[str, str]
    phones: list[dict[str, Any]] = field(default_factory=list)
    schedules: list[dict[str, Any]] = field(default_factory=list)
    languages: list[dict[str, Any]] = field(default_factory=list)
    areas: list[dict[str, Any]] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    topics: list[TaxonomyTerm] = field(default_factory=list)
    other_terms: list[TermPlan] = field(default_factory=list)


class Planner:
    """Turns the records of one file into plans, collecting every problem on the way."""

    def __init__(self, *, source: str, language: str, topics: list[TaxonomyTerm]) -> None:
        self.source = source
        self.language = language
        self.errors: list[str] = []
        self.topic_by_key: dict[str, TaxonomyTerm] = {}
        for term in topics:
            for name in term.name.values():
                self.topic_by_key.setdefault(f"name:{name.casefold()}", term)
            self.topic_by_key[f"code:{term.code}"] = term
            self.topic_by_key[f"id:{term.uuid}"] = term

    def _uuid(self, kind: str, source_id: object) -> UUID:
        return import_uuid(self.source, kind, source_id)

    def _fit(self, path: str, model: type[Model], name: str, value: object) -> str:
        """`value` as the model field holds it; an error when it is too long."""
        if value is None:
            return ""
        text = str(value).strip()
        max_length = cast(Field, model._meta.get_field(name)).max_length
        if max_length and len(text) > max_length:
            self.errors.append(
                f"{path}: " + _("longer than %(max)s characters") % {"max": max_length}
            )
            return text[:max_length]
        return text

    def _strings(self, path: str, model: type[Model], item: dict[str, Any], *names: str) -> dict:
        return {
            name: self._fit(f"{path}.{name}", model, name, item.get(name)) or "" for name in names
        }

    def plan(self, records: list[Record]) -> list[ServicePlan]:
        organizations: dict[str, OrganizationPlan] = {}
        plans = []
        seen: set[str] = set()
        for record in records:
            data = record.data
            source_id = str(data["id"])
            if source_id in seen:
                self.errors.append(f"{record.label}.id: " + _("appears twice in the file"))
                continue
            seen.add(source_id)
            organization = self._organization(record, organizations)
            if organization is not None:
                plans.append(self._service(record, organization))
        return plans

    def _organization(
        self, record: Record, known: dict[str, OrganizationPlan]
    ) -> OrganizationPlan | None:
        data = record.data.get("organization")
        organization_id = str((data or {}).get("id") or record.data.get("organization_id") or "")
        if organization_id in known:
            return known[organization_id]
        if not data:
            self.errors.append(f"{record.label}.organization: " + _("required"))
            return None
        path = f"{record.label}.organization"
        values = {
            **self._strings(path, Organization, data, "name", "alternate_name", "email"),
            "website": self._fit(f"{path}.website", Organization, "website", data.get("website"))
            or "",
            "is_demo": False,
        }
        plan = OrganizationPlan(
            source_id=organization_id,
            uuid=self._uuid("organization", organization_id),
            values=values,
            description=str(data.get("description") or ""),
            phones=[
                self._phone(f"{path}.phones[{i}]", phone, i, f"organization/{organization_id}")
                for i, phone in enumerate(data.get("phones") or [])
            ],
            locations=[
                self._location(f"{path}.locations[{i}]", location)
                for i, location in enumerate(data.get("locations") or [])
            ],
        )
        known[organization_id] = plan
        return plan

    def _phone(self, path: str, phone: dict[str, Any], position: int, owner: str) -> dict[str, Any]:
        kind = phone.get("type")
        return {
            "uuid": self._uuid("phone", f"{owner}/{phone['id']}"),
            **self._strings(path, Phone, phone, "number", "extension"),
            "type": kind if kind in Phone.PhoneType.values else Phone.PhoneType.VOICE,
            "description": self._text(phone.get("description")),
            "languages": [
                str(item["code"])[:10] for item in phone.get("languages") or [] if item.get("code")
            ],
            "position": position,
        }

    def _text(self, value: object) -> dict[str, str]:
        text = " ".join(str(value or "").split())
        return {self.language: text} if text else {}

    def _service(self, record: Record, organization: OrganizationPlan) -> ServicePlan:
        data, path = record.data, record.label
        plan = ServicePlan(
            label=path,
            source_id=str(data["id"]),
            uuid=self._uuid("service", data["id"]),
            organization=organization,
            values={
                **self._strings(path, Service, data, "alternate_name", "email"),
                "url": self._fit(f"{path}.url", Service, "url", data.get("url")) or "",
                "status": data.get("status") or Service.Status.ACTIVE,
                "minimum_age": _age(data.get("minimum_age")),
                "maximum_age": _age(data.get("maximum_age")),
                "last_checked": _date(data.get("assured_date")),
                "is_demo": False,
            },
            texts={
                "name": str(data.get("name") or ""),
                "description": str(data.get("description") or ""),
                "eligibility_description": str(data.get("eligibility_description") or ""),
                "fees_description": str(data.get("fees_description") or ""),
                "interpreter_description": str(data.get("interpretation_services") or ""),
            },
        )
        owner = f"service/{plan.source_id}"
        plan.phones = [
            self._phone(f"{path}.phones[{i}]", phone, i, owner)
            for i, phone in enumerate(data.get("phones") or [])
        ]
        plan.schedules = [
            self._schedule(schedule, owner)
            for schedule in data.get("schedules") or []
            if _weekly(schedule)
        ]
        plan.languages = [
            {
                "uuid": self._uuid("language", f"{owner}/{item['id']}"),
                **self._strings(f"{path}.languages[{i}]", Language, item, "code", "name", "note"),
            }
            for i, item in enumerate(data.get("languages") or [])
            if item.get("code") or item.get("name")
        ]
        plan.areas = [
            self._area(f"{path}.service_areas[{i}]", area, owner)
            for i, area in enumerate(data.get("service_areas") or [])
        ]
        plan.places = [
            self._place(f"{path}.service_at_locations[{i}]", link)
            for i, link in enumerate(data.get("service_at_locations") or [])
            if link.get("location")
        ]
        self._attributes(plan, data.get("attributes") or [])
        free = any(
            option.get("option") == "free" or option.get("amount") == 0
            for option in data.get("cost_options") or []
        )
        plan.values["free_of_charge"] = free
        return plan

    def _schedule(self, schedule: dict[str, Any], owner: str) -> dict[str, Any]:
        return {
            "uuid": self._uuid("schedule", f"{owner}/{schedule['id']}"),
            "freq": "WEEKLY",
            "byday": ",".join(day.strip().upper() for day in str(schedule["byday"]).split(",")),
            "opens_at": dt.time.fromisoformat(schedule["opens_at"]),
            "closes_at": dt.time.fromisoformat(schedule["closes_at"]),
            "description": self._text(schedule.get("description")),
        }

    def _area(self, path: str, area: dict[str, Any], owner: str) -> dict[str, Any]:
        """A place the service serves: its centre when the extent is a GeoJSON point."""
        point = _geojson_point(area) if area.get("extent_type") == "geojson" else None
        name = area.get("name") or area.get("extent") or area.get("description") or "-"
        return {
            "uuid": self._uuid("service_area", f"{owner}/{area['id']}"),
            "name": self._fit(f"{path}.name", ServiceArea, "name", name),
            "description": self._text(area.get("description")),
            "extent_type": ServiceArea.ExtentType.PLACE,
            "latitude": point[1] if point else None,
            "longitude": point[0] if point else None,
        }

    def _place(self, path: str, link: dict[str, Any]) -> Place:
        return Place(
            link_uuid=self._uuid("service_at_location", link["id"]),
            link_description=str(link.get("description") or ""),
            location=self._location(f"{path}.location", link["location"]),
        )

    def _location(self, path: str, location: dict[str, Any]) -> LocationPlan:
        """A location with its addresses and coordinates (an organisation's own, or where a
        service is given)."""
        kind = location.get("location_type")
        addresses = []
        for i, address in enumerate(location.get("addresses") or []):
            address_type = address.get("address_type")
            addresses.append(
                {
                    "uuid": self._uuid("address", f"{location['id']}/{address['id']}"),
                    **self._strings(
                        f"{path}.addresses[{i}]",
                        Address,
                        address,
                        "attention",
                        "address_1",
                        "address_2",
                        "city",
                        "region",
                        "state_province",
                        "postal_code",
                        "country",
                    ),
                    "address_type": address_type
                    if address_type in Address.AddressType.values
                    else Address.AddressType.PHYSICAL,
                }
            )
        return LocationPlan(
            source_id=str(location["id"]),
            uuid=self._uuid("location", location["id"]),
            values={
                "location_type": kind
                if kind in Location.LocationType.values
                else Location.LocationType.PHYSICAL,
                "name": self._fit(f"{path}.name", Location, "name", location.get("name")) or "",
                "description": self._text(location.get("description")),
                "transportation": self._text(location.get("transportation")),
                "latitude": _float(location.get("latitude")),
                "longitude": _float(location.get("longitude")),
            },
            addresses=addresses,
        )

    def _attributes(self, plan: ServicePlan, attributes: list[dict[str, Any]]) -> None:
        """samen's own flags, topics that match samen's (by id, code or name), other terms."""
        for attribute in attributes:
            term = attribute.get("taxonomy_term") or {}
            term_id = str(term.get("id") or attribute.get("taxonomy_term_id") or "")
            taxonomy = term.get("taxonomy_detail") or {}
            taxonomy_name = str(term.get("taxonomy") or taxonomy.get("name") or "")
            code = str(term.get("code") or "")
            if ATTRIBUTE_TAXONOMY_ID in (term.get("taxonomy_id"), taxonomy.get("id")) or (
                taxonomy_name == ATTRIBUTE_TAXONOMY_NAME
            ):
                self._flag(plan, code, attribute.get("value"))
                continue
            topic = (
                self.topic_by_key.get(f"id:{term_id}")
                or self.topic_by_key.get(f"code:{code}")
                or self.topic_by_key.get(f"name:{str(term.get('name') or '').casefold()}")
            )
            if topic is not None:
                if topic not in plan.topics:
                    plan.topics.append(topic)
            elif term.get("name") and term_id:
                name = taxonomy_name or _("(no taxonomy named)")
                plan.other_terms.append(
                    TermPlan(
                        source_id=term_id,
                        taxonomy=TaxonomyPlan(
                            source_id=str(taxonomy.get("id") or term.get("taxonomy_id") or name),
                            name=name[:250],
                            description=str(taxonomy.get("description") or ""),
                            uri=str(taxonomy.get("uri") or "")[:500],
                            version=str(taxonomy.get("version") or "")[:100],
                        ),
                        code=code[:250],
                        name=str(term["name"])[:250],
                        description=str(term.get("description") or ""),
                    )
                )

    def _flag(self, plan: ServicePlan, code: str, value: object) -> None:
        if code in FLAG_ATTRIBUTES:
            plan.values[code] = str(value).lower() != "false"
        elif code == "professionals_only":
            plan.values["audience"] = Service.Audience.PROFESSIONALS
        elif code == "source" and value:
            plan.values.setdefault("source_urls", []).append(str(value))


def _weekly(schedule: dict[str, Any]) -> bool:
    """samen keeps weekly opening hours; other kinds of schedule have no field here."""
    if str(schedule.get("freq") or "").upper() != "WEEKLY":
        return False
    try:
        dt.time.fromisoformat(str(schedule.get("opens_at")))
        dt.time.fromisoformat(str(schedule.get("closes_at")))
    except ValueError:
        return False
    return bool(schedule.get("byday"))


def _geojson_point(area: dict[str, Any]) -> tuple[float, float] | None:
    try:
        extent = json.loads(str(area.get("extent")))
    except json.JSONDecodeError:
        return None
    if isinstance(extent, dict) and extent.get("type") == "Point":
        coordinates = extent.get("coordinates") or []
        if len(coordinates) == 2 and all(isinstance(c, int | float) for c in coordinates):
            return float(coordinates[0]), float(coordinates[1])
    return None


def _age(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and 0 <= value < 200 else None


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None

"""Open Referral HSDS 3.0 shapes of samen's directory: one serialisation for the API and for
`samen export-hsds`.

HSDS holds one language per document; `language` picks it (with our fallback chain). samen's
own flags travel as HSDS attributes whose terms belong to the documented taxonomy
"samen attributes" (ATTRIBUTE_TERMS), with stable ids. A hidden address is never shown: its
location keeps only the place's centre (the postcode area's, never the building's).
"""

import json
from collections.abc import Iterable
from typing import Any, cast

from django.db.models import Field
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from samen.core.translation import pick
from samen.directory.ids import stable_uuid
from samen.directory.languages import autonym
from samen.directory.models import (
    Location,
    Organization,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from samen.directory.professional import joined
from samen.imports.models import ImportedTaxonomy, ImportedTerm

from .history import Change, metadata_to_hsds
from .selectors import BriefOrganization, BriefService

ATTRIBUTE_TAXONOMY_NAME = "samen attributes"
ATTRIBUTE_TAXONOMY_ID = str(stable_uuid("taxonomy", ATTRIBUTE_TAXONOMY_NAME))
FLAG_ATTRIBUTES = (
    "anonymous",
    "advice_for_professionals",
    "free_of_charge",
    "open_24_7",
    "referral_needed",
    "interpreter_available",
    "women_only_staff",
)
# Terms of "samen attributes" that are not a Service column: code -> label.
OTHER_TERMS = {
    "professionals_only": _("only for professionals"),
    "unverified": _("organisation not yet verified by samen"),
    "source": _("a public source of this listing's facts"),
}


def _id(*parts: object) -> str:
    return str(stable_uuid("hsds", *parts))


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _term_label(code: str) -> str:
    if code in OTHER_TERMS:
        return str(OTHER_TERMS[code])
    return str(cast(Field, Service._meta.get_field(code)).verbose_name)


def attribute_term_codes() -> list[str]:
    return [*FLAG_ATTRIBUTES, *OTHER_TERMS]


def attribute_term_id(code: str) -> str:
    return str(stable_uuid("taxonomy", ATTRIBUTE_TAXONOMY_NAME, "term", code))


def attribute_taxonomy_to_hsds() -> dict[str, Any]:
    return {
        "id": ATTRIBUTE_TAXONOMY_ID,
        "name": ATTRIBUTE_TAXONOMY_NAME,
        "description": "samen's own flags on services and organisations (docs/api.md).",
        "version": "1",
    }


def attribute_term_to_hsds(code: str, language: str) -> dict[str, Any]:
    with translation.override(language):
        label = _term_label(code)
    return {
        "id": attribute_term_id(code),
        "code": code,
        "name": label,
        "description": label,
        "taxonomy": ATTRIBUTE_TAXONOMY_NAME,
        "taxonomy_id": ATTRIBUTE_TAXONOMY_ID,
        "language": language,
    }


def taxonomy_to_hsds(taxonomy: Taxonomy | ImportedTaxonomy) -> dict[str, Any]:
    """A taxonomy: samen's own, or another directory's as its source gave it."""
    return _drop_empty(
        {
            "id": str(taxonomy.uuid),
            "name": taxonomy.name,
            "description": taxonomy.description or taxonomy.name,
            "uri": taxonomy.uri,
            "version": taxonomy.version,
        }
    )


def term_to_hsds(term: TaxonomyTerm, language: str) -> dict[str, Any]:
    """A topic term; `term.parent` and `term.taxonomy` are expected to be selected."""
    name = pick(term.name, language)
    return _drop_empty(
        {
            "id": str(term.uuid),
            "code": term.code,
            "name": name,
            "description": pick(term.description, language) or name,
            "parent_id": str(term.parent.uuid) if term.parent else None,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": str(term.taxonomy.uuid),
            "language": language,
        }
    )


def _attribute(
    link_id: str, link_type: str, code: str, language: str, value: str = "true"
) -> dict[str, Any]:
    return {
        "id": _id("attribute", link_id, code, value),
        "link_id": link_id,
        "link_type": link_type,
        "link_entity": link_type,
        "taxonomy_term_id": attribute_term_id(code),
        "value": value,
        "taxonomy_term": attribute_term_to_hsds(code, language),
    }


def _topic_attribute(link_id: str, term: TaxonomyTerm, language: str) -> dict[str, Any]:
    return {
        "id": _id("attribute", link_id, term.uuid),
        "link_id": link_id,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": str(term.uuid),
        "taxonomy_term": term_to_hsds(term, language),
    }


def _address_list(location: Location) -> list[dict[str, Any]]:
    if location.address_hidden:
        return []
    return [
        _drop_empty(
            {
                "id": str(address.uuid),
                "location_id": str(location.uuid),
                "address_1": address.address_1,
                "address_2": address.address_2,
                "city": address.city,
                "region": address.region,
                "state_province": address.state_province or "-",
                "postal_code": address.postal_code,
                "country": address.country,
                "address_type": address.address_type,
            }
        )
        for address in location.addresses.all()
    ]


def location_to_hsds(location: Location, language: str) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": str(location.uuid),
            "location_type": location.location_type,
            "organization_id": str(location.organization.uuid) if location.organization else None,
            "name": location.name,
            "description": pick(location.description, language),
            "transportation": pick(location.transportation, language),
            "latitude": location.latitude,
            "longitude": location.longitude,
            "addresses": _address_list(location),
        }
    )


def service_at_location_to_hsds(
    sal: ServiceAtLocation, language: str, *, service: dict[str, Any] | None = None
) -> dict[str, Any]:
    data = {
        "id": str(sal.uuid),
        "service_id": str(sal.service.uuid),
        "location_id": str(sal.location.uuid),
        "description": pick(sal.description, language),
        "location": location_to_hsds(sal.location, language),
    }
    if service is not None:
        data["service"] = service
    return _drop_empty(data)


def _extension(text: str) -> int | float | None:
    """HSDS gives a phone's extension as a number."""
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


def _phone(phone: Phone, language: str, owner: dict[str, str]) -> dict[str, Any]:
    # HSDS has one description: the newcomer's and the professionals' part together.
    label = joined(
        pick(phone.description, language), pick(phone.professional_description, language)
    )
    hours = pick(phone.hours_description, language)
    phone_id = str(phone.uuid)
    return _drop_empty(
        {
            "id": phone_id,
            **owner,
            "number": phone.number,
            "extension": _extension(phone.extension),
            "type": phone.type,
            "description": f"{label} ({hours})" if label and hours else label or hours,
            "languages": [
                {
                    "id": _id("language", phone_id, code),
                    "phone_id": phone_id,
                    "name": autonym(code),
                    "code": code,
                }
                for code in phone.languages
            ],
        }
    )


def _service_area(area: ServiceArea, service_id: str, language: str) -> dict[str, Any]:
    """A national area is the country, named as text; a place is its centre in GeoJSON."""
    if area.latitude is not None and area.longitude is not None:
        extent = json.dumps({"type": "Point", "coordinates": [area.longitude, area.latitude]})
        extent_type = "geojson"
    else:
        extent, extent_type = area.name, "text"
    return _drop_empty(
        {
            "id": str(area.uuid),
            "service_id": service_id,
            "name": area.name,
            "description": pick(area.description, language),
            "extent": extent,
            "extent_type": extent_type,
        }
    )


def _cost_options(service: Service, phones: Iterable[Phone], language: str) -> list[dict]:
    service_id = str(service.uuid)
    options = []
    if service.free_of_charge:
        options.append(
            _drop_empty(
                {
                    "id": _id("cost", service_id, "free"),
                    "service_id": service_id,
                    "option": "free",
                    "amount": 0,
                    "currency": "EUR",
                    "amount_description": pick(service.fees_description, language),
                }
            )
        )
    options.extend(
        {
            "id": _id("cost", service_id, phone.uuid),
            "service_id": service_id,
            "option": phone.number,
            "currency": "EUR",
            "amount_description": pick(phone.cost_description, language),
        }
        for phone in phones
        if pick(phone.cost_description, language)
    )
    return options


def organization_brief(
    organization: Organization | BriefOrganization, language: str
) -> dict[str, Any]:
    """The one-to-one fields of an organisation (the `organization_list` shape)."""
    return _drop_empty(
        {
            "id": str(organization.uuid),
            "name": organization.name,
            "alternate_name": organization.alternate_name,
            "description": pick(organization.description, language) or organization.name,
            "email": organization.email,
            "website": organization.website,
        }
    )


def _organization_attributes(organization: Organization, language: str) -> list[dict]:
    if organization.is_verified:
        return []
    return [_attribute(str(organization.uuid), "organization", "unverified", language)]


def service_brief(service: Service | BriefService, language: str) -> dict[str, Any]:
    """The one-to-one fields of a service and its organisation (the `service_list` shape)."""
    return _drop_empty(
        {
            "id": str(service.uuid),
            "organization_id": str(service.organization.uuid),
            "name": pick(service.name, language),
            "alternate_name": service.alternate_name,
            "description": joined(
                pick(service.description, language),
                pick(service.professional_description, language),
            ),
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "interpretation_services": pick(service.interpreter_description, language),
            "eligibility_description": pick(service.eligibility_description, language),
            "fees_description": pick(service.fees_description, language),
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": service.last_checked.isoformat() if service.last_checked else None,
            "last_modified": service.updated_at.isoformat(),
            "organization": organization_brief(service.organization, language),
        }
    )


def _service_attributes(service: Service, language: str) -> list[dict]:
    service_id = str(service.uuid)
    codes = [flag for flag in FLAG_ATTRIBUTES if getattr(service, flag)]
    if service.audience == Service.Audience.PROFESSIONALS:
        codes.append("professionals_only")
    if not service.organization.is_verified:
        codes.append("unverified")
    return [
        *(_attribute(service_id, "service", code, language) for code in codes),
        *(_topic_attribute(service_id, term, language) for term in service.topics.all()),
        *(
            _attribute(service_id, "service", "source", language, value=url)
            for url in service.source_urls
        ),
        *(_imported_term_attribute(service_id, term) for term in service.imported_terms.all()),
    ]


def _imported_term_attribute(link_id: str, term: ImportedTerm) -> dict[str, Any]:
    """A term of another directory's taxonomy that an imported service carries."""
    return {
        "id": _id("attribute", link_id, term.uuid),
        "link_id": link_id,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": str(term.uuid),
        "taxonomy_term": imported_term_to_hsds(term, detail=True),
    }


def imported_term_to_hsds(term: ImportedTerm, *, detail: bool = False) -> dict[str, Any]:
    """A term of another directory's taxonomy (`term.taxonomy` is expected to be selected);
    with `detail`, its taxonomy nested as `taxonomy_detail`, so an import elsewhere keeps it."""
    return _drop_empty(
        {
            "id": str(term.uuid),
            "code": term.code,
            "name": term.name,
            "description": term.description or term.name,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": str(term.taxonomy.uuid),
            "taxonomy_detail": taxonomy_to_hsds(term.taxonomy) if detail else None,
        }
    )


def service_to_hsds(
    service: Service, language: str = "nl", changes: list[Change] | None = None
) -> dict[str, Any]:
    """A fully nested service (the `service` shape); expects selectors.service_queryset(). Its
    organisation nests the locations where none of its services is given (`own_locations`);
    with `changes` (history.service_history) it carries its `metadata`."""
    service_id = str(service.uuid)
    phones = list(service.phones.all())
    organization = service.organization
    return _drop_empty(
        {
            **service_brief(service, language),
            "phones": [_phone(phone, language, {"service_id": service_id}) for phone in phones],
            "schedules": [
                _drop_empty(
                    {
                        "id": str(schedule.uuid),
                        "service_id": service_id,
                        "freq": schedule.freq,
                        "byday": schedule.byday,
                        # HSDS's `timezone` is a fixed UTC offset; Dutch hours shift with
                        # summer time, so the zone is named in the notes instead.
                        "notes": f"Times in {schedule.timezone}.",
                        "opens_at": schedule.opens_at.strftime("%H:%M:%S"),
                        "closes_at": schedule.closes_at.strftime("%H:%M:%S"),
                        "description": pick(schedule.description, language),
                    }
                )
                for schedule in service.schedules.all()
            ],
            "service_areas": [
                _service_area(area, service_id, language) for area in service.service_areas.all()
            ],
            "service_at_locations": [
                service_at_location_to_hsds(sal, language)
                for sal in service.service_at_locations.all()
            ],
            "languages": [
                _drop_empty(
                    {
                        "id": str(item.uuid),
                        "service_id": service_id,
                        "name": item.name or autonym(item.code),
                        "code": item.code,
                        "note": item.note,
                    }
                )
                for item in service.languages.all()
            ],
            "cost_options": _cost_options(service, phones, language),
            "organization": {
                **organization_brief(organization, language),
                **_drop_empty(
                    {
                        "locations": [
                            location_to_hsds(location, language)
                            for location in organization.own_locations  # type: ignore[attr-defined]
                        ],
                        "attributes": _organization_attributes(organization, language),
                    }
                ),
            },
            "attributes": _service_attributes(service, language),
            "metadata": metadata_to_hsds(service, changes) if changes is not None else [],
        }
    )


def organization_to_hsds(
    organization: Organization, language: str, services: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A fully nested organisation; expects selectors.organization_queryset(). `services` are
    shown as the HSDS API's `services` array when given."""
    organization_id = str(organization.uuid)
    data = {
        **organization_brief(organization, language),
        "phones": [
            _phone(phone, language, {"organization_id": organization_id})
            for phone in organization.phones.all()
        ],
        "locations": [location_to_hsds(loc, language) for loc in organization.locations.all()],
        "attributes": _organization_attributes(organization, language),
    }
    if services is not None:
        data["services"] = services
    return _drop_empty(data)

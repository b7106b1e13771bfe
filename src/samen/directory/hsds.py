"""Open Referral HSDS 3.0 output: every service as a fully nested `service` object.

HSDS holds one language per document; `language` picks it (with our fallback chain). samen's
own attributes and topics travel as HSDS attributes whose taxonomy terms carry stable UUIDs.
A hidden address is never exported: its location keeps only the place's centre.
"""

import uuid
from collections.abc import Iterator
from typing import Any, cast

from django.db.models import Field, Prefetch, QuerySet
from django.utils import translation

from samen.core.translation import pick

from .languages import autonym
from .models import Service, ServiceAtLocation, TaxonomyTerm

ATTRIBUTE_NAMESPACE = uuid.UUID("6f0b2a36-4c1e-4d8e-9a57-5a3d1b6c2e10")
FLAG_ATTRIBUTES = (
    "anonymous",
    "advice_for_professionals",
    "free_of_charge",
    "open_24_7",
    "referral_needed",
    "interpreter_available",
    "women_only_staff",
)


def _stable_id(*parts: object) -> str:
    return str(uuid.uuid5(ATTRIBUTE_NAMESPACE, ":".join(str(p) for p in parts)))


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def export_queryset() -> QuerySet[Service]:
    return (
        Service.objects.select_related("organization")
        .prefetch_related(
            "phones",
            "schedules",
            "service_areas",
            "languages",
            Prefetch("topics", queryset=TaxonomyTerm.objects.select_related("taxonomy")),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                    "location__addresses"
                ),
            ),
        )
        .order_by("id")
    )


def _flag_attribute(service: Service, flag: str, language: str) -> dict[str, Any]:
    with translation.override(language):
        label = str(cast(Field, Service._meta.get_field(flag)).verbose_name)
    term_id = _stable_id("flag", flag)
    return {
        "id": _stable_id("attribute", service.uuid, flag),
        "link_id": str(service.uuid),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term_id,
        "value": "true",
        "taxonomy_term": {
            "id": term_id,
            "code": flag,
            "name": label,
            "description": label,
            "taxonomy": "samen attributes",
        },
    }


def _topic_attribute(service: Service, term: TaxonomyTerm, language: str) -> dict[str, Any]:
    return {
        "id": _stable_id("attribute", service.uuid, term.uuid),
        "link_id": str(service.uuid),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": str(term.uuid),
        "taxonomy_term": _drop_empty(
            {
                "id": str(term.uuid),
                "code": term.code,
                "name": pick(term.name, language),
                "description": pick(term.description, language) or pick(term.name, language),
                "taxonomy": term.taxonomy.name,
                "language": language,
            }
        ),
    }


def _source_attribute(service: Service, url: str) -> dict[str, Any]:
    term_id = _stable_id("flag", "source")
    return {
        "id": _stable_id("source", service.uuid, url),
        "link_id": str(service.uuid),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term_id,
        "value": url,
        "taxonomy_term": {
            "id": term_id,
            "code": "source",
            "name": "source",
            "description": "A public source of this listing's facts.",
            "taxonomy": "samen attributes",
        },
    }


def _location(sal: ServiceAtLocation, language: str) -> dict[str, Any]:
    location = sal.location
    addresses = (
        []
        if location.address_hidden
        else [
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
    )
    return _drop_empty(
        {
            "id": str(sal.uuid),
            "service_id": str(sal.service.uuid),
            "location_id": str(location.uuid),
            "description": pick(sal.description, language),
            "location": _drop_empty(
                {
                    "id": str(location.uuid),
                    "location_type": location.location_type,
                    "name": location.name,
                    "description": pick(location.description, language),
                    "latitude": location.latitude,
                    "longitude": location.longitude,
                    "addresses": addresses,
                }
            ),
        }
    )


def service_to_hsds(service: Service, language: str = "nl") -> dict[str, Any]:
    organization = service.organization
    return _drop_empty(
        {
            "id": str(service.uuid),
            "organization_id": str(organization.uuid),
            "name": pick(service.name, language),
            "alternate_name": service.alternate_name,
            "description": pick(service.description, language),
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "eligibility_description": pick(service.eligibility_description, language),
            "fees_description": pick(service.fees_description, language),
            "interpretation_services": pick(service.interpreter_description, language),
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": service.last_checked.isoformat() if service.last_checked else None,
            "last_modified": service.updated_at.isoformat(),
            "phones": [
                _drop_empty(
                    {
                        "id": str(phone.uuid),
                        "service_id": str(service.uuid),
                        "number": phone.number,
                        "type": phone.type,
                        "description": pick(phone.description, language),
                    }
                )
                for phone in service.phones.all()
            ],
            "schedules": [
                _drop_empty(
                    {
                        "id": str(schedule.uuid),
                        "service_id": str(service.uuid),
                        "freq": schedule.freq,
                        "byday": schedule.byday,
                        "opens_at": schedule.opens_at.strftime("%H:%M"),
                        "closes_at": schedule.closes_at.strftime("%H:%M"),
                        "description": pick(schedule.description, language),
                    }
                )
                for schedule in service.schedules.all()
            ],
            "service_areas": [
                _drop_empty(
                    {
                        "id": str(area.uuid),
                        "service_id": str(service.uuid),
                        "name": area.name,
                        "description": pick(area.description, language),
                        "extent_type": area.extent_type,
                    }
                )
                for area in service.service_areas.all()
            ],
            "service_at_locations": [
                _location(sal, language) for sal in service.service_at_locations.all()
            ],
            "languages": [
                {
                    "id": str(item.uuid),
                    "service_id": str(service.uuid),
                    "name": autonym(item.code),
                    "code": item.code,
                }
                for item in service.languages.all()
            ],
            "organization": _drop_empty(
                {
                    "id": str(organization.uuid),
                    "name": organization.name,
                    "alternate_name": organization.alternate_name,
                    "description": pick(organization.description, language) or organization.name,
                    "email": organization.email,
                    "website": organization.website,
                }
            ),
            "attributes": [
                *(
                    _flag_attribute(service, f, language)
                    for f in FLAG_ATTRIBUTES
                    if getattr(service, f)
                ),
                *(_topic_attribute(service, term, language) for term in service.topics.all()),
                *(_source_attribute(service, url) for url in service.source_urls),
            ],
        }
    )


def export_services(*, language: str = "nl", include_demo: bool = False) -> Iterator[dict]:
    queryset = export_queryset()
    if not include_demo:
        queryset = queryset.filter(is_demo=False)
    for service in queryset.iterator(chunk_size=500):
        yield service_to_hsds(service, language)

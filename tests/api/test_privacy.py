"""What the API never shows: hidden addresses, key persons, referrals, registrations, audit data,
demo records unless asked; what it marks: unverified organisations, professionals-only services."""

import json

import pytest
from django.db import transaction

from samen.api.serializers import attribute_term_id
from samen.audit.services import SystemActor, audit_record
from samen.directory.models import KeyPerson
from tests.api.factories import small_directory
from tests.factories import member

EVERY_LIST = [
    "services?full=true",
    "services?format=ndjson",
    "service_at_locations?full=true",
    "organizations?full_service=true",
    "organizations?full=true",
    "taxonomies",
    "taxonomy_terms",
]


@pytest.fixture
def directory(db):
    return small_directory()


def everything(api, directory, *, demo=False):
    """The text of every list and every detail the API gives."""
    suffix = "&demo=true" if demo else ""
    texts = []
    for path in EVERY_LIST:
        response = api(f"{path}{'&' if '?' in path else '?'}{suffix.lstrip('&')}" if demo else path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        texts.append(body.decode())
    for service in (directory.open_service, directory.hidden_service, directory.professionals):
        texts.append(api(f"services/{service.uuid}").content.decode())
    for sal in (directory.open_sal, directory.hidden_sal):
        texts.append(api(f"service_at_locations/{sal.uuid}").content.decode())
    for organization in (directory.verified, directory.unverified):
        texts.append(api(f"organizations/{organization.uuid}?full_service=true").content.decode())
    return "\n".join(texts)


def test_a_hidden_address_is_never_shown_only_the_place(api, directory):
    text = everything(api, directory)
    assert "Open Straat 1" in text
    assert "Schuilplaats" not in text
    assert "1011 AB" not in text
    location = api(f"service_at_locations/{directory.hidden_sal.uuid}").json()["location"]
    assert "addresses" not in location
    assert (location["latitude"], location["longitude"]) == (52.37, 4.89)


def test_key_persons_and_audit_data_are_never_shown(api, directory):
    person = member("sleutel@example.org")
    KeyPerson.objects.create(
        user=person,
        display_name="Amina Sleutelpersoon",
        visibility=KeyPerson.Visibility.PUBLIC,
        introduction={"nl": "Ik help vrouwen uit Eritrea"},
    )
    with transaction.atomic():
        audit_record(
            actor=SystemActor("beheer@example.org"),
            action="referral.created",
            target=directory.open_service,
            data={"note": "geheime notitie"},
        )
    text = everything(api, directory)
    for secret in (
        "Amina",
        "Sleutelpersoon",
        "sleutel@example.org",
        "beheer@example.org",
        "referral.",
    ):
        assert secret not in text
    for path in ("key_persons", "referrals", "registrations", "audit"):
        assert api(path).status_code == 404


def test_demo_records_only_when_asked(api, directory):
    assert "Demodienst" not in everything(api, directory)
    assert api(f"services/{directory.demo.uuid}").status_code == 404
    assert api(f"services/{directory.demo.uuid}?demo=true").status_code == 200
    assert "Demodienst" in everything(api, directory, demo=True)
    organizations = api("organizations?demo=true").json()
    assert directory.demo.organization.name in {o["name"] for o in organizations["contents"]}


def codes(item):
    return {a["taxonomy_term"]["code"] for a in item.get("attributes", [])}


def test_unverified_organisations_and_professionals_only_services_are_marked(api, directory):
    unverified = api(f"organizations/{directory.unverified.uuid}").json()
    assert "unverified" in codes(unverified)
    assert "unverified" not in codes(api(f"organizations/{directory.verified.uuid}").json())
    hidden = api(f"services/{directory.hidden_service.uuid}").json()
    assert "unverified" in codes(hidden)
    assert "unverified" in codes(hidden["organization"])
    professionals = api(f"services/{directory.professionals.uuid}").json()
    assert "professionals_only" in codes(professionals)
    assert "professionals_only" not in codes(api(f"services/{directory.open_service.uuid}").json())
    marked = api(f"services?full=true&taxonomy_term_id={attribute_term_id('unverified')}")
    assert marked.status_code == 200
    assert json.loads(marked.content)["total_items"] == 0

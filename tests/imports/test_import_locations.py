"""Locations of imported organisations (their own, and where their services are given): kept
with provenance, addresses and coordinates, counted in a dry run, exported again, and a hidden
address shown only as its place and postcode centre after a round trip."""

import copy

import pytest

from samen.directory.models import Location
from samen.imports.models import ImportedRecord
from samen.imports.plan import import_uuid
from tests.api.conftest import hsds_errors
from tests.factories import AddressFactory, ServiceFactory, service_at
from tests.imports.test_import_hsds import (
    EXAMPLES,
    _comparable,
    export,
    official_service,
    run,
    uid,
    write,
)

# The official example's organisation location, also where its service is given.
LOCATION_ID = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"


def with_office(service=None):
    """The official example with a second location of its organisation, where no service is."""
    service = copy.deepcopy(service or official_service())
    office = copy.deepcopy(service["organization"]["locations"][0])
    office.update(id=uid(50), name="Head office", latitude=52.09, longitude=5.12)
    office["addresses"] = [
        {**office["addresses"][0], "id": uid(51), "postal_code": "3511 AB", "city": "Utrecht"}
    ]
    service["organization"]["locations"].append(office)
    return service


@pytest.mark.parametrize("example", ["service_full.json", "csv"])
def test_an_organisations_location_is_imported_with_provenance(db, example):
    run(EXAMPLES / example)
    location = Location.objects.get()
    assert location.uuid == import_uuid("example", "location", LOCATION_ID)
    assert location.organization.name == "Example Organization Inc."
    assert (location.name, location.latitude, location.longitude) == (
        "MyCity Civic Center",
        100.0,
        101.0,
    )
    address = location.addresses.get()
    assert (address.postal_code, address.city) == ("ABC 1234", "MyCity")
    record = ImportedRecord.objects.get(location=location)
    assert (record.source, record.kind, record.source_id) == ("example", "location", LOCATION_ID)


def test_the_organisations_own_location_is_exported_and_survives_a_round_trip(db, tmp_path):
    run(write(tmp_path, with_office()))
    (first,) = export(tmp_path, "first.json")
    assert hsds_errors(first, "service") == []
    (office,) = first["organization"]["locations"]
    assert office["name"] == "Head office"
    assert office["addresses"][0]["postal_code"] == "3511 AB"
    assert (office["latitude"], office["longitude"]) == (52.09, 5.12)
    run(tmp_path / "first.json", source="round-trip")
    second = export(tmp_path, "second.json")
    assert len(second) == 2
    for item in second:
        assert _comparable(item) == _comparable(first)
    assert Location.objects.filter(imported_from__source="round-trip").count() == 2


def test_a_dry_run_counts_locations_and_writes_nothing(db, tmp_path, capsys):
    path = write(tmp_path, with_office())
    run(path, "--dry-run")
    assert "locations: 2 new, 0 changed, 0 unchanged, 0 removed" in capsys.readouterr().out
    assert not Location.objects.exists() and not ImportedRecord.objects.exists()
    run(path)
    capsys.readouterr()
    run(path, "--dry-run")
    assert "locations: 0 new, 0 changed, 2 unchanged, 0 removed" in capsys.readouterr().out


def test_a_changed_or_removed_location_is_counted(db, tmp_path, capsys):
    run(write(tmp_path, with_office()))
    capsys.readouterr()
    service = official_service()
    service["organization"]["locations"][0]["name"] = "Civic Centre (new wing)"
    service["service_at_locations"][0]["location"]["name"] = "Civic Centre (new wing)"
    run(write(tmp_path, service, "again.json"))
    assert "locations: 0 new, 1 changed, 0 unchanged, 1 removed" in capsys.readouterr().out
    assert list(Location.objects.values_list("name", flat=True)) == ["Civic Centre (new wing)"]


def test_another_sources_location_is_never_touched(db, tmp_path):
    run(EXAMPLES / "service_full.json")
    run(EXAMPLES / "service_full.json", source="other")
    assert Location.objects.count() == 2
    mine = Location.objects.get(imported_from__source="example")
    run(write(tmp_path, official_service() | {"service_at_locations": []}), source="other")
    mine.refresh_from_db()
    assert mine.addresses.exists()


def test_a_hidden_address_stays_hidden_through_export_and_import(db, tmp_path):
    """samen's own hidden address (a shelter) exports only its place and the postcode centre;
    another directory importing that has nothing more to show."""
    service = ServiceFactory()
    location = service_at(service, 52.37, 4.89)
    location.address_hidden = True
    location.name = "Amsterdam"
    location.save()
    AddressFactory(location=location, address_1="Schuilplaats 13", postal_code="1011 AB")
    (first,) = export(tmp_path, "first.json")
    (link,) = first["service_at_locations"]
    assert "addresses" not in link["location"]
    assert (link["location"]["latitude"], link["location"]["longitude"]) == (52.37, 4.89)
    run(tmp_path / "first.json", source="elsewhere")
    copied = Location.objects.get(imported_from__source="elsewhere")
    assert not copied.addresses.exists()
    assert (copied.name, copied.latitude, copied.longitude) == ("Amsterdam", 52.37, 4.89)
    text = "".join(str(item) for item in export(tmp_path, "second.json"))
    assert "Schuilplaats" not in text and "1011 AB" not in text

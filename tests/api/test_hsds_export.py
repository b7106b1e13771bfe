"""samen export-hsds: the same HSDS serialisation as the API, written as one JSON array."""

import json

import pytest
from django.core.management import call_command

from samen.audit.models import AuditEntry
from tests.api.conftest import hsds_errors
from tests.factories import AddressFactory, ServiceFactory, service_at


def export(tmp_path, **options):
    output = tmp_path / "services.json"
    call_command("export_hsds", output=output, **options)
    return json.loads(output.read_text("utf-8"))


def test_every_real_service_is_valid_hsds(real_directory, tmp_path):
    items = export(tmp_path)
    assert len(items) == real_directory.services
    for item in items:
        assert hsds_errors(item, "service") == [], item["name"]


def test_export_is_fully_nested(real_directory, tmp_path):
    items = export(tmp_path, language="en")
    veilig_thuis = next(i for i in items if i["name"] == "Veilig Thuis")
    assert veilig_thuis["organization"]["name"] == "Veilig Thuis"
    assert veilig_thuis["phones"][0]["number"] == "0800-2000"
    assert veilig_thuis["service_areas"][0] == {
        "id": veilig_thuis["service_areas"][0]["id"],
        "service_id": veilig_thuis["id"],
        "name": "Nederland",
        "extent": "Nederland",
        "extent_type": "text",
    }
    assert veilig_thuis["description"].startswith("Advice and reporting centre")
    assert veilig_thuis["cost_options"][0]["option"] == "free"
    codes = {a["taxonomy_term"]["code"] for a in veilig_thuis["attributes"]}
    assert {"anonymous", "open_24_7", "domestic-violence", "source"} <= codes
    sources = [
        a["value"] for a in veilig_thuis["attributes"] if a["taxonomy_term"]["code"] == "source"
    ]
    assert "https://www.augeo.nl/nl-nl/themas/meldcode/veilig-thuis/" in sources


def test_the_export_and_the_api_give_the_same_service(real_directory, tmp_path, client):
    exported = {item["id"]: item for item in export(tmp_path, language="en")}
    page = client.get("/api/hsds/services?full=true&per_page=100&lang=en").json()
    assert {item["id"]: item for item in page["contents"]} == exported


def test_locations_export_and_hidden_address_stays_hidden(db, tmp_path):
    service = ServiceFactory()
    open_location = service_at(service, 52.1, 5.1)
    AddressFactory(location=open_location, address_1="Open Straat 1")
    hidden = service_at(service, 52.37, 4.88)
    hidden.address_hidden = True
    hidden.save()
    AddressFactory(location=hidden, address_1="Schuilplaats 13")
    (item,) = export(tmp_path)
    assert hsds_errors(item, "service") == []
    text = json.dumps(item)
    assert "Open Straat 1" in text
    assert "Schuilplaats" not in text


def test_demo_services_are_left_out_unless_asked(db, tmp_path):
    ServiceFactory(is_demo=True)
    assert export(tmp_path) == []
    assert len(export(tmp_path, include_demo=True)) == 1


def test_command_audits_the_export(real_directory, tmp_path):
    export(tmp_path)
    entry = AuditEntry.objects.get(action="directory.exported")
    assert entry.data["services"] == real_directory.services


@pytest.mark.parametrize("language", ["nl", "en", "ar"])
def test_export_in_each_language_is_valid(real_directory, tmp_path, language):
    for item in export(tmp_path, language=language):
        assert hsds_errors(item, "service") == []

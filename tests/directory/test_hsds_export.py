import json
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command

from samen.audit.models import AuditEntry
from samen.directory.hsds import export_services
from tests.factories import AddressFactory, ServiceFactory, service_at

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "data" / "hsds" / "service.schema.json").read_text("utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def errors(item):
    return [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(item)]


def test_every_real_service_is_valid_hsds(real_directory):
    items = list(export_services())
    assert len(items) == real_directory.services
    for item in items:
        assert errors(item) == [], item["name"]


def test_export_is_fully_nested(real_directory):
    veilig_thuis = next(i for i in export_services(language="en") if i["name"] == "Veilig Thuis")
    assert veilig_thuis["organization"]["name"] == "Veilig Thuis"
    assert veilig_thuis["phones"][0]["number"] == "0800-2000"
    assert veilig_thuis["service_areas"][0]["extent_type"] == "national"
    assert veilig_thuis["description"].startswith("Advice and reporting centre")
    codes = {a["taxonomy_term"]["code"] for a in veilig_thuis["attributes"]}
    assert {"anonymous", "open_24_7", "domestic-violence", "source"} <= codes
    sources = [
        a["value"] for a in veilig_thuis["attributes"] if a["taxonomy_term"]["code"] == "source"
    ]
    assert "https://www.augeo.nl/nl-nl/themas/meldcode/veilig-thuis/" in sources


def test_locations_export_and_hidden_address_stays_hidden(db):
    service = ServiceFactory()
    open_location = service_at(service, 52.1, 5.1)
    AddressFactory(location=open_location, address_1="Open Straat 1")
    hidden = service_at(service, 52.37, 4.88)
    hidden.address_hidden = True
    hidden.save()
    AddressFactory(location=hidden, address_1="Schuilplaats 13")
    (item,) = export_services()
    assert errors(item) == []
    text = json.dumps(item)
    assert "Open Straat 1" in text
    assert "Schuilplaats" not in text


def test_demo_services_are_left_out_unless_asked(db):
    ServiceFactory(is_demo=True)
    assert list(export_services()) == []
    assert len(list(export_services(include_demo=True))) == 1


def test_command_writes_a_json_array_and_audits_the_export(real_directory, tmp_path):
    output = tmp_path / "services.json"
    call_command("export_hsds", output=output)
    data = json.loads(output.read_text("utf-8"))
    assert len(data) == real_directory.services
    entry = AuditEntry.objects.get(action="directory.exported")
    assert entry.data["services"] == real_directory.services


@pytest.mark.parametrize("language", ["nl", "en", "ar"])
def test_export_in_each_language_is_valid(real_directory, language):
    for item in export_services(language=language):
        assert errors(item) == []

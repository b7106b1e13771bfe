"""samen import-hsds: HSDS 3.0 JSON, ndjson and the CSV datapackage from another directory."""

import copy
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from samen.audit.models import AuditEntry
from samen.directory.models import Service, TaxonomyTerm
from samen.imports.models import ImportedRecord, ImportedTerm
from samen.imports.plan import import_uuid
from tests.api.conftest import hsds_errors
from tests.factories import ServiceFactory


@pytest.fixture(autouse=True)
def _in_english():  # type: ignore[no-untyped-def]
    """The command speaks the active language (Dutch by default): these tests read English,
    whatever an earlier test left active."""
    with translation.override("en"):
        yield


# The official examples (openreferral/specification 3.0, unchanged; see tests/data/hsds/README.md).
EXAMPLES = Path(__file__).parents[1] / "data" / "hsds" / "examples"
OFFICIAL_ID = "ac148810-d857-441c-9679-408f346de14b"


def run(path, *args, source="example", language="en"):
    call_command("import_hsds", str(path), "--source", source, "--language", language, *args)


def export(tmp_path, name="export.json"):
    output = tmp_path / name
    call_command("export_hsds", output=output, language="en")
    return json.loads(output.read_text("utf-8"))


def official_service():
    return json.loads((EXAMPLES / "service_full.json").read_text("utf-8"))


def write(tmp_path, data, name="import.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "example",
    ["service_full.json", "service_list.json", "csv", "csv/datapackage.json"],
)
def test_the_official_examples_import(db, tmp_path, example, capsys):
    run(EXAMPLES / example)
    assert "new: 1" in capsys.readouterr().out
    service = Service.objects.get(uuid=import_uuid("example", "service", OFFICIAL_ID))
    assert service.name == {"en": "Community Counselling"}
    assert service.organization.name == "Example Organization Inc."
    assert not service.is_demo and not service.organization.is_verified
    record = ImportedRecord.objects.get(service=service)
    assert (record.source, record.source_id) == ("example", OFFICIAL_ID)
    assert record.imported_at is not None
    for item in export(tmp_path):
        assert hsds_errors(item, "service") == [], item["name"]


def test_the_full_example_keeps_what_samen_has_fields_for(db, tmp_path):
    run(EXAMPLES / "service_full.json")
    (item,) = export(tmp_path)
    assert item["interpretation_services"].startswith("Interpretation services")
    assert (item["minimum_age"], item["maximum_age"], item["assured_date"]) == (
        12,
        100,
        "2005-01-01",
    )
    (phone,) = item["phones"]
    assert (phone["extension"], phone["languages"][0]["code"]) == (100, "ur")
    (schedule,) = item["schedules"]
    assert (schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "TH,FR",
        "10:00:00",
        "18:00:00",
    )
    (link,) = item["service_at_locations"]
    assert link["location"]["name"] == "MyCity Civic Center"
    assert link["location"]["addresses"][0]["postal_code"] == "ABC 1234"
    assert [language["code"] for language in item["languages"]] == ["ur"]
    # The example's term matches none of samen's topics: kept in its own taxonomy.
    kept = [a["taxonomy_term"] for a in item["attributes"] if a["taxonomy_term"]["code"] == "code"]
    assert kept[0]["taxonomy"] == "taxonomy"
    assert ImportedTerm.objects.get().services.get().uuid == import_uuid(
        "example", "service", OFFICIAL_ID
    )
    (metadata,) = item["metadata"]
    assert (metadata["last_action_type"], metadata["updated_by"]) == (
        "import",
        "import from example",
    )


def test_ids_derive_from_source_and_source_id(db):
    run(EXAMPLES / "service_full.json", source="municipality-a")
    run(EXAMPLES / "service_full.json", source="municipality-b")
    uuids = set(Service.objects.values_list("uuid", flat=True))
    assert uuids == {
        import_uuid("municipality-a", "service", OFFICIAL_ID),
        import_uuid("municipality-b", "service", OFFICIAL_ID),
    }


def test_a_repeated_import_changes_nothing(db, capsys):
    run(EXAMPLES / "service_full.json")
    before = Service.objects.values_list("updated_at", flat=True).get()
    capsys.readouterr()
    run(EXAMPLES / "service_full.json")
    out = capsys.readouterr().out
    assert "unchanged: 1" in out and "changed: 0" in out
    assert Service.objects.values_list("updated_at", flat=True).get() == before


def test_a_changed_record_is_saved_and_counted(db, tmp_path, capsys):
    run(EXAMPLES / "service_full.json")
    changed = official_service()
    changed["phones"][0]["number"] = "+44 1234 999999"
    run(write(tmp_path, changed))
    assert "changed: 1" in capsys.readouterr().out
    assert Service.objects.get().phones.get().number == "+44 1234 999999"


def test_dry_run_reports_and_writes_nothing(db, capsys):
    audits = AuditEntry.objects.count()
    run(EXAMPLES / "service_full.json", "--dry-run")
    out = capsys.readouterr().out
    assert "Would import" in out and "new: 1" in out and "Community Counselling" in out
    assert not Service.objects.exists()
    assert not ImportedRecord.objects.exists()
    assert AuditEntry.objects.count() == audits


def test_the_import_is_audited(db):
    run(EXAMPLES / "service_full.json")
    entry = AuditEntry.objects.get(action="directory.imported")
    assert entry.actor_label == "system:import-hsds"
    assert entry.data["source"] == "example" and entry.data["new"] == 1


def test_an_invalid_record_is_named_by_its_path_and_nothing_is_imported(db, tmp_path, capsys):
    good = official_service()
    bad = copy.deepcopy(good)
    bad["id"] = "00000000-0000-4000-8000-000000000002"
    del bad["phones"][0]["number"]
    bad["status"] = "open"
    with pytest.raises(CommandError, match="nothing was imported"):
        run(write(tmp_path, [good, bad]))
    errors = capsys.readouterr().err
    assert "services[1].phones[0].number: required" in errors
    assert "services[1].status: must be one of" in errors
    assert not Service.objects.exists()


def test_a_service_without_organisation_is_refused(db, tmp_path, capsys):
    service = official_service()
    del service["organization"]
    with pytest.raises(CommandError):
        run(write(tmp_path, service))
    assert "service.organization: required" in capsys.readouterr().err


def test_a_too_long_value_is_refused_with_its_path(db, tmp_path, capsys):
    service = official_service()
    service["phones"][0]["number"] = "1" * 41
    with pytest.raises(CommandError):
        run(write(tmp_path, {"contents": [service]}))
    assert "contents[0].phones[0].number: longer than 40 characters" in capsys.readouterr().err


def test_ndjson_imports_one_service_a_line(db, tmp_path):
    first, second = official_service(), official_service()
    second["id"], second["name"] = "00000000-0000-4000-8000-000000000002", "Second service"
    path = tmp_path / "services.ndjson"
    path.write_text(json.dumps(first) + "\n\n" + json.dumps(second) + "\n", encoding="utf-8")
    run(path)
    assert Service.objects.count() == 2
    # Both name the same organisation id: one organisation.
    assert len({s.organization_id for s in Service.objects.all()}) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,name\n1,x\n", "neither JSON nor ndjson"),
        ('{"total_items": 0}', "holds no HSDS services"),
        (b"\xff\xfe\x00garbage", "not a UTF-8 text file"),
    ],
)
def test_a_file_that_is_not_hsds_is_refused_clearly(db, tmp_path, content, message):
    path = tmp_path / "file.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(CommandError, match=message):
        run(path)


def test_the_facts_files_name_is_not_a_source(db):
    with pytest.raises(CommandError, match="Name the source"):
        run(EXAMPLES / "service_full.json", source="nl-support-services")


def test_other_sources_are_never_touched(real_directory, tmp_path):
    web_made = ServiceFactory(name={"nl": "Eigen dienst"})
    run(EXAMPLES / "service_full.json", source="other")
    untouched = {s.pk: (s.updated_at, s.status) for s in Service.objects.all()}
    service = official_service()
    service["id"] = "00000000-0000-4000-8000-000000000003"
    run(write(tmp_path, service), "--retire-missing", source="example")
    for service in Service.objects.exclude(imported_from__source="example"):
        assert (service.updated_at, service.status) == untouched[service.pk]
    web_made.refresh_from_db()
    assert web_made.status == Service.Status.ACTIVE


def test_missing_records_are_retired_only_with_the_flag(db, tmp_path, capsys):
    first, second = official_service(), official_service()
    second["id"] = "00000000-0000-4000-8000-000000000002"
    run(write(tmp_path, [first, second]))
    capsys.readouterr()
    run(write(tmp_path, [first]))
    out = capsys.readouterr().out
    assert "missing from the file, left as they are: 1" in out
    assert Service.objects.filter(status=Service.Status.ACTIVE).count() == 2
    run(write(tmp_path, [first]), "--retire-missing", "--dry-run")
    assert "retired: 1" in capsys.readouterr().out
    assert Service.objects.filter(status=Service.Status.ACTIVE).count() == 2
    run(write(tmp_path, [first]), "--retire-missing")
    retired = Service.objects.get(imported_from__source_id="00000000-0000-4000-8000-000000000002")
    assert retired.status == Service.Status.INACTIVE


def uid(n):
    return f"00000000-0000-4000-8000-{n:012d}"


def _with_term(term):
    service = official_service()
    service["attributes"] = [{"id": uid(100), "taxonomy_term": term}]
    return service


@pytest.mark.parametrize(
    "term",
    [
        {"id": uid(11), "code": "domestic-violence", "name": "x", "description": "x"},
        {"id": uid(12), "code": "dv", "name": "Domestic violence", "description": "x"},
    ],
)
def test_terms_matching_samens_topics_become_topics(real_directory, tmp_path, term):
    run(write(tmp_path, _with_term(term)))
    service = Service.objects.get(imported_from__source="example")
    assert list(service.topics.values_list("code", flat=True)) == ["domestic-violence"]
    assert not ImportedTerm.objects.exists()


def test_a_samen_topic_id_maps_to_the_topic(real_directory, tmp_path):
    topic = TaxonomyTerm.objects.get(code="sexual-violence")
    run(write(tmp_path, _with_term({"id": str(topic.uuid), "name": "?", "description": "?"})))
    service = Service.objects.get(imported_from__source="example")
    assert list(service.topics.all()) == [topic]


def test_samens_own_attributes_set_its_flags(db, tmp_path):
    service = official_service()
    service["attributes"] = [
        {
            "id": uid(1),
            "taxonomy_term": {
                "id": uid(2),
                "code": "anonymous",
                "name": "a",
                "description": "a",
                "taxonomy": "samen attributes",
            },
        },
        {
            "id": uid(3),
            "taxonomy_term": {
                "id": uid(4),
                "code": "professionals_only",
                "name": "p",
                "description": "p",
                "taxonomy": "samen attributes",
            },
        },
    ]
    run(write(tmp_path, service))
    imported = Service.objects.get()
    assert imported.anonymous and imported.audience == Service.Audience.PROFESSIONALS
    assert not imported.open_24_7


def _comparable(value):
    """What samen keeps of a service, without the ids and dates each import gives it."""
    if isinstance(value, dict):
        return {
            key: _comparable(item)
            for key, item in value.items()
            if not (key == "id" or key.endswith("_id") or key in ("last_modified", "metadata"))
        }
    if isinstance(value, list):
        return sorted((_comparable(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def test_export_import_export_keeps_every_field_samen_keeps(db, tmp_path):
    run(EXAMPLES / "service_full.json")
    (first,) = export(tmp_path, "first.json")
    run(tmp_path / "first.json", source="round-trip")
    second = export(tmp_path, "second.json")
    assert len(second) == 2  # the example's and the round trip's
    for item in second:
        assert _comparable(item) == _comparable(first)
    assert first["phones"] and first["schedules"] and first["service_at_locations"]

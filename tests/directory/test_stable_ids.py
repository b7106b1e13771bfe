"""Stable ids and honest change dates: ids derive from the facts file, and a repeated load (or
`samen setup`) changes no record and no `updated_at`."""

import datetime as dt
import uuid

import yaml
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from samen.audit.services import SystemActor
from samen.directory.ids import FACTS_SOURCE, ID_NAMESPACE, stable_uuid
from samen.directory.loader import directory_load
from samen.directory.models import (
    Language,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    Taxonomy,
    TaxonomyTerm,
)

DIRECTORY_MODELS = (
    Organization,
    Service,
    Phone,
    Schedule,
    Language,
    ServiceArea,
    Taxonomy,
    TaxonomyTerm,
)


def snapshot():
    """Every directory row with its id, its change date and its content."""
    rows = {}
    for model in DIRECTORY_MODELS:
        rows[model.__name__] = sorted(
            (tuple(sorted((k, str(v)) for k, v in row.items())) for row in model.objects.values()),
        )
    rows["topics"] = sorted(
        Service.topics.through.objects.values_list("service_id", "taxonomyterm_id")
    )
    return rows


def later(time_machine):
    time_machine.move_to(timezone.now() + dt.timedelta(hours=1))


def load(path=None):
    return directory_load(
        actor=SystemActor("test"), path=path or settings.DIRECTORY_SOURCE_FILE, retire_missing=True
    )


def test_ids_derive_from_source_and_external_id(real_directory):
    service = Service.objects.get(external_id="veilig-thuis")
    expected = uuid.uuid5(ID_NAMESPACE, f"{FACTS_SOURCE}:service:veilig-thuis")
    assert service.uuid == expected == stable_uuid(FACTS_SOURCE, "service", "veilig-thuis")
    assert service.organization.uuid == stable_uuid(FACTS_SOURCE, "organization", "veilig-thuis")
    assert service.phones.get().uuid == stable_uuid(
        FACTS_SOURCE, "service", "veilig-thuis", "phone", 0
    )
    term = TaxonomyTerm.objects.get(code="domestic-violence")
    assert term.uuid == stable_uuid("taxonomy", term.taxonomy.name, "term", "domestic-violence")


def test_two_installations_give_the_same_ids(real_directory):
    first = snapshot()
    Service.objects.all().delete()
    Organization.objects.all().delete()
    Taxonomy.objects.all().delete()
    load()
    second = snapshot()
    ids = {
        name: sorted(dict(row)["uuid"] for row in rows)
        for name, rows in first.items()
        if name != "topics"
    }
    assert ids == {
        name: sorted(dict(row)["uuid"] for row in rows)
        for name, rows in second.items()
        if name != "topics"
    }


def test_a_repeated_load_changes_nothing(real_directory, time_machine):
    before = snapshot()
    later(time_machine)
    report = load()
    assert snapshot() == before
    assert report.retired == 0


def test_a_repeated_setup_changes_nothing(real_directory, time_machine):
    call_command("setup")
    before = snapshot()
    later(time_machine)
    call_command("setup")
    assert snapshot() == before


def test_records_with_random_ids_get_their_stable_ids(real_directory):
    service = Service.objects.get(external_id="veilig-thuis")
    Service.objects.filter(pk=service.pk).update(uuid=uuid.uuid4())
    load()
    service.refresh_from_db()
    assert service.uuid == stable_uuid(FACTS_SOURCE, "service", "veilig-thuis")


def test_only_the_changed_service_gets_a_new_change_date(real_directory, tmp_path, time_machine):
    raw = yaml.safe_load(settings.DIRECTORY_SOURCE_FILE.read_text(encoding="utf-8"))
    entry = next(e for e in raw["services"] if e["id"] == "veilig-thuis")
    entry["phones"][0]["label"] = "Advice line"
    changed_file = tmp_path / "nl-support-services.yaml"
    changed_file.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    before = dict(Service.objects.values_list("external_id", "updated_at"))
    phone_id = Phone.objects.get(service__external_id="veilig-thuis").uuid
    later(time_machine)
    load(changed_file)
    after = dict(Service.objects.values_list("external_id", "updated_at"))
    assert after["veilig-thuis"] > before["veilig-thuis"]
    assert {k: v for k, v in after.items() if k != "veilig-thuis"} == {
        k: v for k, v in before.items() if k != "veilig-thuis"
    }
    phone = Phone.objects.get(service__external_id="veilig-thuis")
    assert phone.uuid == phone_id
    assert phone.description["en"] == "Advice line"


def test_a_retired_service_gets_a_new_change_date(real_directory, tmp_path, time_machine):
    raw = yaml.safe_load(settings.DIRECTORY_SOURCE_FILE.read_text(encoding="utf-8"))
    raw["services"] = [e for e in raw["services"] if e["id"] != "veilig-thuis"]
    smaller = tmp_path / "nl-support-services.yaml"
    smaller.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    before = Service.objects.get(external_id="veilig-thuis").updated_at
    later(time_machine)
    load(smaller)
    retired = Service.objects.get(external_id="veilig-thuis")
    assert retired.status == Service.Status.INACTIVE
    assert retired.updated_at > before

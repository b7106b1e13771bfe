import pytest
import yaml
from django.conf import settings

from samen.audit.models import AuditEntry
from samen.audit.services import SystemActor
from samen.core.errors import ApplicationError
from samen.directory.loader import directory_load
from samen.directory.models import Organization, Phone, Service, ServiceArea


def facts():
    return yaml.safe_load(settings.DIRECTORY_SOURCE_FILE.read_text(encoding="utf-8"))


def test_every_entry_is_loaded_with_sources_and_checked_date(real_directory):
    entries = facts()["services"]
    assert Service.objects.count() == len(entries)
    for entry in entries:
        service = Service.objects.get(external_id=entry["id"])
        assert service.source_urls == entry["sources"]
        assert service.last_checked == entry["checked"]
        assert service.organization.source_urls == entry["sources"]
        assert not service.is_demo


def test_every_phone_number_comes_from_the_facts_file(real_directory):
    numbers = {p["number"] for e in facts()["services"] for p in e.get("phones", [])}
    assert set(Phone.objects.values_list("number", flat=True)) == numbers


def test_loading_twice_changes_nothing(real_directory):
    before = sorted(Service.objects.values_list("external_id", "uuid"))
    phones = Phone.objects.count()
    report = directory_load(actor=SystemActor("test"), path=settings.DIRECTORY_SOURCE_FILE)
    assert sorted(Service.objects.values_list("external_id", "uuid")) == before
    assert Phone.objects.count() == phones
    assert report.retired == 0


def test_inactive_organisations_are_not_loaded(real_directory):
    for item in facts()["inactive"]:
        assert not Organization.objects.filter(name__icontains=item["name"].split(" (")[0]).exists()


def test_unconfirmed_facts_are_not_presented(real_directory):
    # The file leaves the cost of Slachtofferhulp's second line unstated: not shown as free.
    assert not Service.objects.get(external_id="slachtofferhulp-nederland").free_of_charge
    assert Service.objects.get(external_id="centrum-seksueel-geweld").free_of_charge
    # Languages of Veilig Thuis are unconfirmed: none are claimed.
    assert not Service.objects.get(external_id="veilig-thuis").languages.exists()


def test_attributes_follow_the_file(real_directory):
    veilig_thuis = Service.objects.get(external_id="veilig-thuis")
    assert veilig_thuis.open_24_7
    assert veilig_thuis.anonymous
    assert veilig_thuis.free_of_charge
    assert veilig_thuis.advice_for_professionals
    assert set(veilig_thuis.topics.values_list("code", flat=True)) >= {"domestic-violence", "fgm"}
    kindertelefoon = Service.objects.get(external_id="kindertelefoon")
    assert not kindertelefoon.open_24_7
    assert kindertelefoon.schedules.get().byday == "MO,TU,WE,TH,FR,SA,SU"
    lkha = Service.objects.get(external_id="lkha")
    assert lkha.audience == Service.Audience.PROFESSIONALS


def test_an_entry_removed_from_the_file_is_retired(real_directory, tmp_path):
    data = facts()
    data["services"] = [e for e in data["services"] if e["id"] != "zanzu"]
    smaller = tmp_path / "facts.yaml"
    smaller.write_text(yaml.safe_dump(data), encoding="utf-8")
    report = directory_load(actor=SystemActor("test"), path=smaller, retire_missing=True)
    assert report.retired == 1
    assert Service.objects.get(external_id="zanzu").status == Service.Status.INACTIVE


def test_loading_is_audited(real_directory):
    entry = AuditEntry.objects.filter(action="directory.loaded").get()
    assert entry.actor_label == "system:test"
    assert entry.data["services"] == len(facts()["services"])


def test_unknown_topic_is_refused_and_nothing_is_loaded(db, tmp_path):
    data = facts()
    data["services"][0]["topics"] = ["no-such-topic"]
    broken = tmp_path / "facts.yaml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ApplicationError):
        directory_load(actor=SystemActor("test"), path=broken)
    assert not Service.objects.exists()


def test_a_retired_entry_leaves_the_search_index(real_directory, tmp_path):
    from samen.directory.models import ServiceSearchDocument

    data = facts()
    data["services"] = [e for e in data["services"] if e["id"] != "zanzu"]
    smaller = tmp_path / "facts.yaml"
    smaller.write_text(yaml.safe_dump(data), encoding="utf-8")
    directory_load(actor=SystemActor("test"), path=smaller, retire_missing=True)
    assert not ServiceSearchDocument.objects.filter(service__external_id="zanzu").exists()


def test_a_regional_entry_serves_its_places_and_a_national_one_the_country(real_directory):
    blijf = Service.objects.get(external_id="blijf-groep")
    areas = {a.name: a for a in blijf.service_areas.all()}
    assert set(areas) == {"Amsterdam", "Alkmaar", "Almere"}
    assert all(a.extent_type == ServiceArea.ExtentType.PLACE for a in areas.values())
    assert all(a.latitude and a.longitude for a in areas.values())
    national = Service.objects.get(external_id="veilig-thuis").service_areas.get()
    assert national.extent_type == ServiceArea.ExtentType.NATIONAL


def test_migrant_organisations_and_interpreters_come_from_the_file(real_directory):
    entries = {e["id"]: e for e in facts()["services"]}
    migrant = {i for i, e in entries.items() if e.get("kind") == "migrant-organisation"}
    assert migrant
    assert (
        set(
            Organization.objects.filter(kind=Organization.Kind.MIGRANT_ORGANISATION).values_list(
                "external_id", flat=True
            )
        )
        == migrant
    )
    with_interpreter = {i for i, e in entries.items() if e.get("interpreter")}
    for service in Service.objects.filter(external_id__in=entries):
        assert service.interpreter_available == (service.external_id in with_interpreter)
        if service.interpreter_available:
            assert service.interpreter_description["en"] == " ".join(
                entries[service.external_id]["interpreter"].split()
            )


def test_an_unknown_place_in_area_is_refused(db, tmp_path):
    data = facts()
    data["services"][0]["area"] = ["Nowhere-on-the-map"]
    broken = tmp_path / "facts.yaml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ApplicationError, match="Nowhere-on-the-map"):
        directory_load(actor=SystemActor("test"), path=broken)
    assert not Service.objects.exists()


def test_every_real_entry_has_its_texts_in_every_language(real_directory):
    languages = {code for code, _name in settings.LANGUAGES}
    for entry in facts()["services"]:
        service = Service.objects.get(external_id=entry["id"])
        assert set(service.description) == languages, entry["id"]
        for phone in service.phones.all():
            if phone.description:
                assert set(phone.description) == languages, (entry["id"], phone.number)
        if entry.get("chat"):
            assert set(service.chat_description) == languages, entry["id"]
        if entry.get("interpreter"):
            assert set(service.interpreter_description) == languages, entry["id"]


def test_translated_texts_keep_the_facts(real_directory):
    """Numbers (phone numbers, hours, ages) are the same in every language's text."""
    import re

    digits = re.compile(r"\\d+")
    for service in Service.objects.filter(is_demo=False).prefetch_related("phones"):
        english = sorted(digits.findall(service.description["en"]))
        for language, text in service.description.items():
            if language not in ("en", "nl"):
                assert sorted(digits.findall(text)) == english, (service.external_id, language)
        for phone in service.phones.all():
            for texts in (phone.description, phone.hours_description):
                for text in texts.values():
                    assert sorted(digits.findall(text)) == sorted(digits.findall(texts["en"]))


def test_a_translation_file_without_an_honest_status_is_refused(db, tmp_path, settings):
    import shutil

    from samen.directory import loader

    copy = tmp_path / "translations"
    shutil.copytree(loader.TRANSLATIONS_DIR, copy)
    data = yaml.safe_load((copy / "ar.yaml").read_text(encoding="utf-8"))
    data["status"] = "reviewed"  # without a reviewer
    (copy / "ar.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    original = loader.TRANSLATIONS_DIR
    loader.TRANSLATIONS_DIR = copy
    try:
        with pytest.raises(ApplicationError, match="needs a reviewer"):
            directory_load(actor=SystemActor("test"), path=settings.DIRECTORY_SOURCE_FILE)
    finally:
        loader.TRANSLATIONS_DIR = original
    assert not Service.objects.exists()


def test_the_arabic_service_page_and_help_lines_are_in_arabic(client, real_directory):
    from django.utils import translation

    veilig_thuis = Service.objects.get(external_id="veilig-thuis")
    with translation.override("ar"):
        html = client.get(f"/ar/services/{veilig_thuis.uuid}/").content.decode()
    assert veilig_thuis.description["ar"] in html
    assert veilig_thuis.phones.get().description["ar"] in html
    assert "Veilig Thuis" in html  # the official name stays

"""HSDS metadata from the listing history, and phone languages."""

import yaml
from django.conf import settings

from samen.audit.services import SystemActor
from samen.directory.loader import directory_load
from samen.directory.models import Phone
from samen.directory.services import PhoneLine, ServiceProfile, service_save
from tests.api.conftest import hsds_errors
from tests.factories import OrganizationFactory, PhoneFactory, ServiceFactory, member


def _profile(name):
    return ServiceProfile(
        name={"nl": name},
        description={"nl": "Hulp"},
        url="",
        topic_codes=[],
        language_codes=["ar"],
        flags={"anonymous": True},
        phones=[PhoneLine(number="030-1234567", description={"nl": "Balie"})],
        places=[],
        hours=[],
    )


def test_metadata_says_which_field_changed_when_and_in_what_role(db, client):
    organization = OrganizationFactory(name="Huis")
    editor = member("fatima.editor@example.org", organization, "editor", first_name="Fatima")
    service = service_save(actor=editor, organization=organization, profile=_profile("Eerst"))
    service_save(
        actor=editor, organization=organization, profile=_profile("Daarna"), service=service
    )
    item = client.get(f"/api/hsds/services/{service.uuid}").json()
    assert hsds_errors(item, "service") == []
    changes = [(m["last_action_type"], m["field_name"]) for m in item["metadata"]]
    assert ("update", "name") in changes
    assert changes[0][0] == "create"
    assert {m["updated_by"] for m in item["metadata"]} == {"editor of the organisation"}
    body = str(item["metadata"])
    assert "fatima" not in body.lower()
    assert item["metadata"][0]["resource_id"] == str(service.uuid)


def test_full_lists_carry_metadata_and_brief_lists_do_not(db, client):
    organization = OrganizationFactory(name="Huis")
    admin = member("admin@example.org", is_staff=True)
    service_save(actor=admin, organization=organization, profile=_profile("Eerst"))
    full = client.get("/api/hsds/services?full=true").json()["contents"][0]
    assert full["metadata"][0]["updated_by"] == "samen administrator"
    brief = client.get("/api/hsds/services").json()["contents"][0]
    assert "metadata" not in brief


def test_a_service_without_history_has_no_metadata(db, client):
    service = ServiceFactory()
    assert "metadata" not in client.get(f"/api/hsds/services/{service.uuid}").json()


def test_phone_languages_are_exported(db, client):
    service = ServiceFactory()
    PhoneFactory(service=service, languages=["ar", "ti"])
    (phone,) = client.get(f"/api/hsds/services/{service.uuid}").json()["phones"]
    assert [(lang["code"], lang["name"]) for lang in phone["languages"]] == [
        ("ar", "العربية"),
        ("ti", "ትግርኛ"),
    ]
    assert {lang["phone_id"] for lang in phone["languages"]} == {phone["id"]}


def test_phone_languages_come_from_the_facts_file_when_it_states_them(db, tmp_path):
    raw = yaml.safe_load(settings.DIRECTORY_SOURCE_FILE.read_text("utf-8"))
    entry = next(e for e in raw["services"] if e["id"] == "veilig-thuis")
    entry["phones"][0]["languages"] = ["nl", "en"]
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    directory_load(actor=SystemActor("test"), path=path)
    assert Phone.objects.get(number="0800-2000").languages == ["nl", "en"]
    # The shipped file states none: no language is claimed for any line.
    directory_load(actor=SystemActor("test"), path=settings.DIRECTORY_SOURCE_FILE)
    assert all(languages == [] for languages in Phone.objects.values_list("languages", flat=True))

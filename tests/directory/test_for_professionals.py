"""The professionals' parts of the facts texts (issue 12 item 8): out of the newcomer's text,
under "For professionals", checked against the facts file, still found by search, kept by
editors, translators and the HSDS export."""

import re
from io import StringIO

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from samen.audit.models import AuditEntry
from samen.audit.services import SystemActor
from samen.directory.loader import directory_load
from samen.directory.models import Service
from samen.directory.professional import Split, joined, read_parts, split_text
from samen.directory.search import ServiceFilter, search_service_ids
from tests.factories import PhoneFactory, ServiceFactory, client_for, member

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def facts() -> dict:
    return yaml.safe_load(settings.DIRECTORY_SOURCE_FILE.read_text(encoding="utf-8"))


def facts_entry(key: str) -> dict:
    return next(entry for entry in facts()["services"] if entry["id"] == key)


def page(client, service: Service, language: str) -> tuple[str, str]:
    """The service page in `language`: the part before "For professionals", and that part."""
    html = client.get(f"/{language}/services/{service.uuid}/").content.decode()
    newcomer, marker, professional = html.partition('<section class="for-professionals"')
    assert marker, "the page has no For professionals part"
    return newcomer, professional


# The split rule


def test_a_last_clause_becomes_a_sentence_of_its_own():
    assert split_text(
        "Anyone can call; professionals consult it (meldcode).",
        "professionals consult it (meldcode).",
    ) == Split("Anyone can call.", "Professionals consult it (meldcode).")
    assert split_text(
        "Victim support (local rate); professionals refer via option 3",
        "professionals refer via option 3",
    ) == Split("Victim support (local rate)", "Professionals refer via option 3")


def test_whole_sentences_are_taken_out_wherever_they_stand():
    text = "Helps newcomers. Helpdesk also for care providers. Ran a project."
    assert split_text(text, "Helpdesk also for care providers.") == Split(
        "Helps newcomers. Ran a project.", "Helpdesk also for care providers."
    )
    assert split_text(
        "Support. Professionals refer by phone.", "Professionals refer by phone."
    ) == (Split("Support.", "Professionals refer by phone."))


@pytest.mark.parametrize(
    "part",
    [
        "professionals call it.",  # not in the text
        "consult it.",  # not where a clause or sentence starts
        "Anyone can call",  # not to the end of a sentence
        "Anyone can call; professionals consult it.",  # the whole text: nothing left
        "",
    ],
)
def test_a_part_that_is_not_a_clause_or_sentence_of_the_text_does_not_split_it(part):
    assert split_text("Anyone can call; professionals consult it.", part) is None


def test_a_part_that_occurs_twice_does_not_split_the_text():
    assert split_text("Call us. Call us.", "Call us.") is None


def test_joined_parts_read_as_one_text():
    assert joined("Anyone can call.", "Professionals consult it.") == (
        "Anyone can call. Professionals consult it."
    )
    assert joined("Victim support (local rate)", "Professionals refer via option 3") == (
        "Victim support (local rate). Professionals refer via option 3"
    )
    assert joined("Only this.", "") == "Only this."


# The real directory


def test_every_part_of_the_file_fits_the_facts_file(real_directory):
    """Fails when the facts file changed under for-professionals.yaml: bring it in line."""
    assert real_directory.warnings == ()
    assert not AuditEntry.objects.get(action="directory.loaded").data.get("warnings")


@pytest.mark.parametrize(
    ("key", "newcomer_en", "professional_en", "professional_nl"),
    [
        (
            "veilig-thuis",
            "Anyone can call for advice, also anonymously.",
            "Professionals consult it at every step of the reporting code (meldcode).",
            "Professionals raadplegen Veilig Thuis bij elke stap van de meldcode.",
        ),
        (
            "slachtofferhulp-nederland",
            "including sexual violence.",
            "Professionals can refer a victim (with consent) by phone, menu option 3.",
            "Professionals verwijzen (met toestemming) door via keuzemenu optie 3.",
        ),
        (
            "politie-zedenpolitie",
            "for making a report (aangifte).",
            "Professionals can discuss a case anonymously with the vice police "
            "(zedenpolitie) first.",
            "Professionals kunnen een casus eerst anoniem bespreken met de zedenpolitie.",
        ),
    ],
)
def test_each_description_is_split_in_every_language(
    real_directory, key, newcomer_en, professional_en, professional_nl
):
    service = Service.objects.get(external_id=key)
    assert service.description["en"].endswith(newcomer_en)
    assert service.professional_description["en"] == professional_en
    assert service.professional_description["nl"] == professional_nl
    assert set(service.professional_description) == LANGUAGES
    entry = facts_entry(key)
    for language in ("en", "nl"):
        # Nothing added or lost: the parts are the facts text, but for the clause's start.
        whole = " ".join(entry[f"description_{language}"].split())
        rebuilt = joined(service.description[language], service.professional_description[language])
        assert rebuilt.casefold().replace(". ", "; ") == whole.casefold().replace(". ", "; ")
    for language, text in service.description.items():
        assert "professional" not in text.casefold(), (key, language)
        assert "meldcode" not in text and " 3" not in text, (key, language)
    # The organisation's page is for newcomers too: it has the newcomer's part.
    assert service.organization.description == service.description


def test_the_phone_label_loses_its_menu_option_in_every_language(real_directory):
    service = Service.objects.get(external_id="slachtofferhulp-nederland")
    line = service.phones.get(number="0900-0101")
    assert line.description["en"] == "Victim support (local rate)"
    assert line.description["nl"] == "Hulp voor slachtoffers (lokaal tarief)"
    assert line.professional_description["en"] == "Professionals refer via menu option 3"
    assert line.professional_description["nl"] == "Professionals verwijzen door via menukeuze 3"
    assert set(line.professional_description) == LANGUAGES
    assert all("3" not in text for text in line.description.values())
    # The other line is not touched.
    assert service.phones.get(number="0900-9999001").professional_description == {}
    # Each translated part carries its file's status, like the other texts.
    assert service.text_status["professional_description"]["ar"] == {"status": "draft"}
    assert service.text_status["phone:0:professional_description"]["ti"] == {"status": "draft"}
    assert "nl" not in service.text_status["professional_description"]


# When the facts file changes under the split


@pytest.fixture
def changed_facts(tmp_path):
    data = facts()
    for entry in data["services"]:
        if entry["id"] == "veilig-thuis":
            entry["description_en"] = entry["description_en"].replace(
                "professionals consult it", "professionals call it"
            )
        if entry["id"] == "slachtofferhulp-nederland":
            entry["phones"][0]["label"] = "Victim support; professionals choose option 3"
    data["services"] = [e for e in data["services"] if e["id"] != "politie-zedenpolitie"]
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_part_that_no_longer_fits_leaves_the_text_whole_with_a_warning(db, changed_facts):
    report = directory_load(actor=SystemActor("test"), path=changed_facts)
    assert [w.split(":")[0] for w in report.warnings] == [
        "veilig-thuis",
        "slachtofferhulp-nederland",
        "politie-zedenpolitie",
    ]
    assert "description_en" in report.warnings[0]
    assert "phone 0900-0101" in report.warnings[1]
    assert "not in facts.yaml" in report.warnings[2]
    veilig_thuis = Service.objects.get(external_id="veilig-thuis")
    assert veilig_thuis.professional_description == {}
    assert "professionals call it" in veilig_thuis.description["en"]
    # The languages whose files keep the part apart get their whole text back too.
    assert "meldcode" in veilig_thuis.description["nl"]
    assert "(meldcode)" in veilig_thuis.description["ar"]
    assert veilig_thuis.description["fr"].endswith(
        "de façon anonyme. Les professionnels consultent Veilig Thuis à chaque étape du code "
        "de signalement (meldcode)."
    )
    line = Service.objects.get(external_id="slachtofferhulp-nederland").phones.get(
        number="0900-0101"
    )
    assert line.professional_description == {}
    assert line.description["en"] == "Victim support; professionals choose option 3"
    assert line.description["nl"] == (
        "Hulp voor slachtoffers (lokaal tarief). Professionals verwijzen door via menukeuze 3"
    )
    # What still fits is split.
    service = Service.objects.get(external_id="slachtofferhulp-nederland")
    assert "menu option 3" in service.professional_description["en"]
    audited = AuditEntry.objects.get(action="directory.loaded").data["warnings"]
    assert audited == list(report.warnings)


def test_load_directory_prints_the_warnings(db, changed_facts):
    out, err = StringIO(), StringIO()
    call_command("load_directory", file=changed_facts, stdout=out, stderr=err)
    assert "Loaded" in out.getvalue()
    assert "Warning: veilig-thuis: the professionals' part of description_en" in err.getvalue()


def test_a_malformed_professionals_file_is_refused(tmp_path):
    from samen.core.errors import ApplicationError

    path = tmp_path / "for-professionals.yaml"
    path.write_text("entries: [veilig-thuis]\n", encoding="utf-8")
    with pytest.raises(ApplicationError, match="entries"):
        read_parts(path)


# The service page


@pytest.mark.parametrize(
    ("language", "jargon"),
    [
        ("nl", ["meldcode", "keuzemenu optie 3", "menukeuze 3"]),
        ("en", ["meldcode", "menu option 3", "reporting code"]),
        ("ar", ["meldcode", "الخيار 3", "بروتوكول الإبلاغ"]),
    ],
)
def test_the_page_keeps_the_jargon_for_the_professionals_part(
    client, real_directory, language, jargon
):
    veilig_thuis = Service.objects.get(external_id="veilig-thuis")
    slachtofferhulp = Service.objects.get(external_id="slachtofferhulp-nederland")
    for service in (veilig_thuis, slachtofferhulp):
        newcomer, professional = page(client, service, language)
        assert service.description[language] in newcomer
        for word in jargon:
            assert word not in newcomer, (service.external_id, word)
        assert service.professional_description[language] in professional
    _newcomer, professional = page(client, slachtofferhulp, language)
    line = slachtofferhulp.phones.get(number="0900-0101")
    assert line.professional_description[language] in professional
    assert 'href="tel:09000101"' in professional
    newcomer, professional = page(client, veilig_thuis, language)
    assert "meldcode" in professional
    # The organisation's page is a newcomer's page too.
    for service in (veilig_thuis, slachtofferhulp):
        url = f"/{language}/organisations/{service.organization.uuid}/"
        lead = re.search(r'<p class="lead">(.*?)</p>', client.get(url).content.decode(), re.S)
        assert lead is not None
        assert service.description[language] in lead.group(1)
        for word in jargon:
            assert word not in lead.group(1), (service.external_id, word)


def test_a_service_without_professionals_parts_shows_no_empty_part(client, real_directory):
    service = Service.objects.get(external_id="zelfmoordpreventie-113")
    html = client.get(f"/nl/services/{service.uuid}/").content.decode()
    assert "for-professionals" not in html


def test_the_professionals_guide_shows_the_parts(client, real_directory):
    html = client.get("/en/help-guide/professionals/").content.decode()
    assert "Professionals refer via menu option 3" in html
    assert "Professionals consult it at every step of the reporting code (meldcode)." in html


def test_search_still_finds_a_service_by_its_professional_words(real_directory):
    veilig_thuis = Service.objects.get(external_id="veilig-thuis")
    for words in ("meldcode", "zedenpolitie"):
        hits = search_service_ids(ServiceFilter(text=words), limit=20, offset=0).hits
        assert hits, words
    hits = search_service_ids(ServiceFilter(text="meldcode"), limit=20, offset=0).hits
    assert veilig_thuis.pk in [hit.service_id for hit in hits]
    politie = Service.objects.get(external_id="politie-zedenpolitie")
    hits = search_service_ids(ServiceFilter(text="casus"), limit=20, offset=0).hits
    assert politie.pk in [hit.service_id for hit in hits]


# Editors and translators


EDIT_FORM = {
    "name_nl": "Vrouwengroep",
    "description_nl": "Praatgroep voor vrouwen.",
    "professional_description_nl": "Professionals verwijzen door via het spreekuur.",
    "url": "",
    "phones-TOTAL_FORMS": "1",
    "phones-INITIAL_FORMS": "0",
    "phones-0-number": "030 000 0000",
    "phones-0-description_nl": "Spreekuur",
    "phones-0-professional_description_nl": "Professionals: keuze 2",
    "places-TOTAL_FORMS": "0",
    "places-INITIAL_FORMS": "0",
}


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("editor", True), ("owner", True), ("member", False), ("other_owner", False)],
)
def test_who_may_write_the_professionals_parts(world, role, allowed):
    service = ServiceFactory(organization=world["own"], professional_description={"nl": "Oud"})
    client_for(world[role]).post(f"/nl/manage/services/{service.uuid}/", EDIT_FORM)
    service.refresh_from_db()
    assert (
        service.professional_description == {"nl": EDIT_FORM["professional_description_nl"]}
    ) is allowed


def test_an_editor_save_keeps_the_professionals_parts(world):
    service = ServiceFactory(
        organization=world["own"],
        professional_description={"nl": "Professionals bellen optie 2.", "ti": "ሞያውያን 2"},
    )
    PhoneFactory(
        service=service,
        number="030 000 0000",
        description={"nl": "Spreekuur"},
        professional_description={"nl": "Professionals: keuze 1", "xx": "kept"},
    )
    client = client_for(world["owner"])
    form = client.get(f"/nl/manage/services/{service.uuid}/").context["forms"]
    assert form.main.initial["professional_description"]["nl"] == "Professionals bellen optie 2."
    assert form.phones.initial[0]["professional_description"]["nl"] == "Professionals: keuze 1"
    # The service's part saved as it was stays; the line's changes; a language the form does
    # not know stays.
    client.post(
        f"/nl/manage/services/{service.uuid}/",
        {
            **EDIT_FORM,
            "professional_description_nl": "Professionals bellen optie 2.",
            "professional_description_ti": "ሞያውያን 2",
            "phones-INITIAL_FORMS": "1",
        },
    )
    service.refresh_from_db()
    assert service.professional_description == {
        "nl": "Professionals bellen optie 2.",
        "ti": "ሞያውያን 2",
    }
    line = service.phones.get()
    assert line.professional_description == {"nl": "Professionals: keuze 2", "xx": "kept"}
    assert service.text_status["phone:0:professional_description"]["nl"]["status"] == "own"
    assert "professional_description" not in service.text_status
    changed = AuditEntry.objects.filter(action="service.updated").latest("id").data["changed"]
    assert "phones" in changed and "professional_description" not in changed


def test_a_translators_professionals_part_survives_a_reload(real_directory):
    translator = member("vertaler@example.org", translator_languages=["ti"], first_name="Senait")
    veilig_thuis = Service.objects.get(external_id="veilig-thuis")
    response = client_for(translator).get(f"/nl/translate/ti/service/{veilig_thuis.uuid}/")
    keys = [state.key for state in response.context["form"].states]
    index = keys.index("professional_description")
    client_for(translator).post(
        f"/nl/translate/ti/service/{veilig_thuis.uuid}/",
        {f"text_{index}": "ሞያውያን ሓድሽ", f"checked_{index}": "on"},
    )
    directory_load(actor=SystemActor("test"), path=settings.DIRECTORY_SOURCE_FILE)
    veilig_thuis.refresh_from_db()
    assert veilig_thuis.professional_description["ti"] == "ሞያውያን ሓድሽ"
    assert veilig_thuis.text_status["professional_description"]["ti"]["status"] == "reviewed"
    assert veilig_thuis.professional_description["ar"].endswith("(meldcode).")


def test_the_po_export_carries_the_parts_as_values_of_their_own(db):
    from samen.translations.content import content_values

    values = {
        value.context: value for value in content_values("fr", settings.DIRECTORY_SOURCE_FILE)
    }
    description = values["service:veilig-thuis:description"]
    assert "meldcode" not in description.source and "meldcode" not in description.translation
    part = values["service:veilig-thuis:professional_description"]
    assert part.source == "Professionals consult it at every step of the reporting code (meldcode)."
    assert part.dutch == "Professionals raadplegen Veilig Thuis bij elke stap van de meldcode."
    assert part.translation.startswith("Les professionnels consultent Veilig Thuis")
    label = values["service:slachtofferhulp-nederland:phone:0:professional_label"]
    assert label.source == "Professionals refer via menu option 3"
    assert label.dutch == "Professionals verwijzen door via menukeuze 3"
    assert values["service:slachtofferhulp-nederland:phone:0:label"].source == (
        "Victim support (local rate)"
    )


# HSDS


def test_the_hsds_export_keeps_the_whole_description(client, real_directory):
    veilig_thuis = Service.objects.get(external_id="veilig-thuis")
    data = client.get(f"/api/hsds/services/{veilig_thuis.uuid}?lang=en").json()
    assert data["description"] == (
        f"{veilig_thuis.description['en']} {veilig_thuis.professional_description['en']}"
    )
    assert "meldcode" in data["description"] and "Anyone can call" in data["description"]
    slachtofferhulp = Service.objects.get(external_id="slachtofferhulp-nederland")
    data = client.get(f"/api/hsds/services/{slachtofferhulp.uuid}?lang=nl").json()
    assert "keuzemenu optie 3" in data["description"]
    label = next(p for p in data["phones"] if p["number"] == "0900-0101")["description"]
    assert label.startswith(
        "Hulp voor slachtoffers (lokaal tarief). Professionals verwijzen door via menukeuze 3"
    )

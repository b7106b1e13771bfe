"""Translators in the web app (issue 10): a person given a language edits the texts of
listings beside the Dutch text and marks them checked; every save is audited; nobody else may;
the status of each text is kept honestly and shown."""

import pytest
from django.conf import settings

from samen.audit.models import AuditEntry
from samen.audit.services import SystemActor
from samen.directory import loader
from samen.directory.models import Service
from samen.translations.status import TextStatus
from tests.factories import PhoneFactory, ServiceFactory, client_for, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def translator():
    return member("vertaler@example.org", translator_languages=["ti"], first_name="Senait")


@pytest.fixture
def service():
    service = ServiceFactory(is_demo=False)
    PhoneFactory(service=service, number="0800 2000", description={"nl": "Advieslijn"})
    return service


def edit_url(service, language="ti"):
    return f"/nl/translate/{language}/service/{service.uuid}/"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("translator of another language", 403),
        ("staff without a language", 403),
        ("translator", 200),
    ],
)
def test_only_a_translator_of_the_language_may_open_and_save(who, status, service):
    user = {
        "anonymous": None,
        "member": member("lid@example.org"),
        "translator of another language": member("ar@example.org", translator_languages=["ar"]),
        "staff without a language": member("staf@example.org", is_staff=True, is_superuser=True),
        "translator": member("ti@example.org", translator_languages=["ti"]),
    }[who]
    client = client_for(user)
    assert client.get(edit_url(service)).status_code == status
    assert client.get("/nl/translate/ti/service/").status_code == status
    response = client.post(edit_url(service), {"text_1": "ሓገዝ ንኹሉ"})
    service.refresh_from_db()
    assert ("ti" in service.description) is (status == 200)
    assert response.status_code == (302 if status == 200 else status)


def test_the_page_shows_the_dutch_source_beside_a_box_in_the_language(translator, service):
    html = client_for(translator).get(edit_url(service)).content.decode()
    assert '<p lang="nl" dir="auto" class="source-text">Hulp voor iedereen</p>' in html
    assert 'lang="ti" dir="ltr"' in html
    assert "0800 2000" in html and '<p lang="nl" dir="auto" class="source-text">Advieslijn' in html
    arabic = member("ar2@example.org", translator_languages=["ar"])
    html = client_for(arabic).get(edit_url(service, "ar")).content.decode()
    assert 'lang="ar" dir="rtl"' in html


def test_a_saved_text_is_a_draft_until_checked_and_each_save_is_audited(translator, service):
    client = client_for(translator)
    client.post(edit_url(service), {"text_1": "ሓገዝ ንኹሉ", "text_2": "መማኸሪ መስመር"})
    service.refresh_from_db()
    assert service.description["ti"] == "ሓገዝ ንኹሉ"
    assert service.phones.get().description == {"nl": "Advieslijn", "ti": "መማኸሪ መስመር"}
    entry = service.text_status["description"]["ti"]
    assert entry["status"] == TextStatus.DRAFT and entry["by"] == translator.pk
    assert service.text_status["phone:0:description"]["ti"]["status"] == TextStatus.DRAFT
    # The Tigrinya text is found by search too.
    assert "ሓገዝ" in service.search_document.body_other

    client.post(edit_url(service), {"text_1": "ሓገዝ ንኹሉ", "checked_1": "on"})
    service.refresh_from_db()
    entry = service.text_status["description"]["ti"]
    assert (entry["status"], entry["reviewer"]) == (TextStatus.REVIEWED, "Senait")
    # The phone label was left empty in this post: its text and its status are gone.
    assert "ti" not in service.phones.get().description
    saves = AuditEntry.objects.filter(action="translation.saved").order_by("id")
    assert [e.data["changed"] for e in saves] == [
        ["description", "phone:0:description"],
        ["description", "phone:0:description"],
    ]
    assert saves.last().data["reviewed"] == ["description"]
    assert saves.last().data["language"] == "ti"
    # Saving the same again changes nothing and writes no entry.
    client.post(edit_url(service), {"text_1": "ሓገዝ ንኹሉ", "checked_1": "on"})
    assert AuditEntry.objects.filter(action="translation.saved").count() == 2


def test_the_work_list_shows_what_is_missing_or_unchecked(translator, service):
    done = ServiceFactory(is_demo=False, name={"nl": "Klaar"}, description={"nl": "Klaar"})
    done.name["ti"] = done.description["ti"] = "ተወዲኡ"
    done.text_status = {
        field: {"ti": {"status": "reviewed", "reviewer": "Senait", "on": "2026-12-01"}}
        for field in ("name", "description")
    }
    done.save()
    ServiceFactory(is_demo=True, name={"nl": "Demodienst"})
    client = client_for(translator)
    html = client.get("/nl/translate/ti/service/").content.decode()
    assert str(service.uuid) in html and str(done.uuid) not in html
    assert "Demodienst" not in html
    html = client.get("/nl/translate/ti/service/?show=all").content.decode()
    assert str(done.uuid) in html
    home = client.get("/nl/translate/").content.decode()
    assert 'href="/nl/translate/ti/topic/"' in home


def test_a_draft_translation_is_marked_on_the_public_page(translator, service):
    client_for(translator).post(edit_url(service), {"text_1": "ሓገዝ ንኹሉ"})
    page = client_for(None).get(f"/ti/services/{service.uuid}/").content.decode()
    assert 'class="text-note"' in page
    client_for(translator).post(edit_url(service), {"text_1": "ሓገዝ ንኹሉ", "checked_1": "on"})
    page = client_for(None).get(f"/ti/services/{service.uuid}/").content.decode()
    assert 'class="text-note"' not in page
    # The Dutch page shows the Dutch source text, which has no note.
    assert (
        'class="text-note"'
        not in client_for(None).get(f"/nl/services/{service.uuid}/").content.decode()
    )


def test_texts_from_the_files_carry_their_status_and_web_texts_survive_a_reload(translator):
    actor = SystemActor("test")
    loader.directory_load(actor=actor, path=settings.DIRECTORY_SOURCE_FILE)
    veilig_thuis = Service.objects.get(external_id="veilig-thuis")
    # Source texts of the facts file have no status; the team's translations are drafts.
    assert "nl" not in veilig_thuis.text_status.get("description", {})
    assert veilig_thuis.text_status["description"]["ar"]["status"] == "draft"
    assert "by" not in veilig_thuis.text_status["description"]["ar"]
    client_for(translator).post(
        edit_url(veilig_thuis),
        {"text_1": "ብሓደ ተቐቢልና", "checked_1": "on"},
    )
    loader.directory_load(actor=actor, path=settings.DIRECTORY_SOURCE_FILE)
    veilig_thuis.refresh_from_db()
    assert veilig_thuis.description["ti"] == "ብሓደ ተቐቢልና"
    assert veilig_thuis.text_status["description"]["ti"]["status"] == "reviewed"
    assert veilig_thuis.text_status["description"]["ar"]["status"] == "draft"

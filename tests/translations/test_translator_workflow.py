"""Translator workflow (issue 10): export a language's texts as PO files, import them back
with a dry run first, a reviewer's name for a review, and nothing imported from a bad file."""

import shutil
from io import StringIO

import polib
import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from samen.audit.models import AuditEntry
from samen.audit.services import SystemActor
from samen.core.errors import ApplicationError
from samen.directory import loader
from samen.directory.models import Service
from samen.translations import content, services
from tests.factories import client_for, member

ACTOR = SystemActor("test")


@pytest.fixture
def workspace(tmp_path, settings, monkeypatch):
    """Copies of the catalogues and data files, so a test never changes the project's."""
    locale = tmp_path / "locale"
    shutil.copytree(settings.LOCALE_PATHS[0], locale)
    settings.LOCALE_PATHS = [locale]
    translations = tmp_path / "translations"
    shutil.copytree(loader.TRANSLATIONS_DIR, translations)
    taxonomy = tmp_path / "taxonomy.yaml"
    shutil.copy(loader.TAXONOMY_FILE, taxonomy)
    monkeypatch.setattr(content, "TRANSLATIONS_DIR", translations)
    monkeypatch.setattr(content, "TAXONOMY_FILE", taxonomy)
    return tmp_path


def exported(workspace, language="ti"):
    interface, values = services.translations_export(
        actor=ACTOR, language=language, output=workspace / "out"
    )
    return polib.pofile(str(interface)), polib.pofile(str(values))


def test_export_writes_the_interface_and_the_content_values(workspace, db):
    interface, values = exported(workspace)
    assert interface.metadata["X-Samen-Catalogue"] == "interface"
    assert interface.find("Search") is not None and interface.find("Search").msgstr
    description = next(e for e in values if e.msgctxt == "service:veilig-thuis:description")
    assert description.msgid.startswith("Advice and reporting centre")
    assert description.comment.startswith("Dutch: Advies- en meldpunt")
    assert description.msgstr  # the current Tigrinya draft
    assert any(e.msgctxt == "service:veilig-thuis:phone:0:label" for e in values)
    assert any(e.msgctxt == "topic:shelter:name" for e in values)
    assert AuditEntry.objects.filter(action="translations.exported").exists()


def test_the_export_gives_each_value_its_status_and_the_translators_web_texts(workspace, db):
    loader.directory_load(actor=ACTOR, path=settings.DIRECTORY_SOURCE_FILE)
    _interface, values = exported(workspace)
    description = next(e for e in values if e.msgctxt == "service:veilig-thuis:description")
    assert "Status: draft" in description.comment
    translator = member("vertaler@example.org", translator_languages=["ti"], first_name="Senait")
    veilig_thuis = Service.objects.get(external_id="veilig-thuis")
    client_for(translator).post(
        f"/nl/translate/ti/service/{veilig_thuis.uuid}/",
        {"text_1": "ሓድሽ ትርጉም", "checked_1": "on"},
    )
    _interface, values = exported(workspace)
    description = next(e for e in values if e.msgctxt == "service:veilig-thuis:description")
    assert description.msgstr == "ሓድሽ ትርጉም"
    assert "Status: reviewed by Senait on " in description.comment
    assert "(written in the web app)" in description.comment


def test_a_dry_run_shows_the_changes_and_writes_nothing(workspace, db):
    interface, _values = exported(workspace)
    interface.find("Search").msgstr = "ድለ (ብዓቢ)"
    edited = workspace / "edited.po"
    interface.save(str(edited))
    before = (workspace / "locale" / "ti" / "LC_MESSAGES" / "django.po").read_bytes()
    out = StringIO()
    call_command("translations", "import", str(edited), "--dry-run", stdout=out)
    assert "would change 0 new and 1 changed" in out.getvalue()
    assert "changed: Search" in out.getvalue()
    assert (workspace / "locale" / "ti" / "LC_MESSAGES" / "django.po").read_bytes() == before


def test_an_import_with_a_reviewer_marks_the_language_reviewed(workspace, db):
    interface, values = exported(workspace)
    interface.find("Search").msgstr = "ድለ"
    interface.save(str(workspace / "ti-interface.po"))
    services.translations_import(
        actor=ACTOR, path=workspace / "ti-interface.po", reviewer="Tigrinya Reviewer"
    )
    ours = polib.pofile(str(workspace / "locale" / "ti" / "LC_MESSAGES" / "django.po"))
    assert ours.find("Search").msgstr == "ድለ"
    assert (workspace / "locale" / "ti" / "LC_MESSAGES" / "django.mo").exists()
    status = yaml.safe_load((workspace / "locale" / "status.yaml").read_text(encoding="utf-8"))
    assert status["ti"]["status"] == "reviewed"
    assert status["ti"]["reviewer"] == "Tigrinya Reviewer" and status["ti"]["reviewed"]
    assert status["so"] == {"status": "draft"}
    description = next(e for e in values if e.msgctxt == "service:veilig-thuis:description")
    description.msgstr = "ሓድሽ ትርጉም"
    values.save(str(workspace / "ti-content.po"))
    services.translations_import(
        actor=ACTOR, path=workspace / "ti-content.po", reviewer="Tigrinya Reviewer"
    )
    data = yaml.safe_load((workspace / "translations" / "ti.yaml").read_text(encoding="utf-8"))
    assert data["services"]["veilig-thuis"]["description"] == "ሓድሽ ትርጉም"
    assert data["status"] == "reviewed" and data["reviewer"] == "Tigrinya Reviewer"
    imported = AuditEntry.objects.filter(action="translations.imported")
    assert imported.count() == 2


def test_an_import_without_a_reviewer_stays_a_draft(workspace, db):
    _interface, values = exported(workspace)
    label = next(e for e in values if e.msgctxt == "topic:shelter:name")
    label.msgstr = "መዕቆቢ (ሓድሽ)"
    values.save(str(workspace / "ti-content.po"))
    plan = services.translations_import(actor=ACTOR, path=workspace / "ti-content.po")
    assert plan.changed == ["topic:shelter:name"]
    data = yaml.safe_load((workspace / "translations" / "ti.yaml").read_text(encoding="utf-8"))
    assert data["status"] == "draft" and "reviewer" not in data
    taxonomy = yaml.safe_load((workspace / "taxonomy.yaml").read_text(encoding="utf-8"))
    shelter = next(t for t in taxonomy["terms"] if t["code"] == "shelter")
    assert shelter["name"]["ti"] == "መዕቆቢ (ሓድሽ)"
    status = yaml.safe_load((workspace / "locale" / "status.yaml").read_text(encoding="utf-8"))
    assert status["ti"] == {"status": "draft"}


def test_a_file_with_a_broken_placeholder_imports_nothing(workspace, db):
    interface, _values = exported(workspace)
    interface.find("Search").msgstr = "ድለ"
    entry = next(e for e in interface if "%(name)s" in e.msgid and not e.msgid_plural)
    entry.msgstr = "ጌጋ"  # the name is gone
    interface.save(str(workspace / "bad.po"))
    before = (workspace / "locale" / "ti" / "LC_MESSAGES" / "django.po").read_bytes()
    with pytest.raises(ApplicationError, match="nothing was imported"):
        services.translations_import(actor=ACTOR, path=workspace / "bad.po", reviewer="X")
    assert (workspace / "locale" / "ti" / "LC_MESSAGES" / "django.po").read_bytes() == before


def test_a_file_that_is_not_samens_is_refused(workspace, db):
    stray = workspace / "stray.po"
    stray.write_text('msgid ""\nmsgstr "Language: de\\n"\n', encoding="utf-8")
    with pytest.raises(ApplicationError, match="X-Samen-Catalogue"):
        services.translations_plan(stray)
    assert settings.SOURCE_LANGUAGE == "en"
    with pytest.raises(ApplicationError):
        services.translations_export(actor=ACTOR, language="en", output=workspace / "x")

"""Every interface string is translated into every language of settings.LANGUAGES (English is
the source), and each catalogue's review status is honest."""

import re
from pathlib import Path

import pytest
from django.conf import settings

EMPTY_MSGSTR = re.compile(r'^msgstr(?:\[\d\])? ""\n(?!")', re.M)


def untranslated_entries(po_file: Path) -> list[str]:
    entries = po_file.read_text("utf-8").split("\n\n")[1:]  # the first block is the header
    return [
        entry
        for entry in entries
        if "#, fuzzy" in entry or EMPTY_MSGSTR.search(entry.rstrip("\n") + "\n")
    ]


def test_an_untranslated_entry_is_detected(tmp_path):
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr ""\n\nmsgid "Hello"\nmsgstr ""\n\nmsgid "Yes"\nmsgstr "Ja"\n')
    assert untranslated_entries(po) == ['msgid "Hello"\nmsgstr ""']


TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.SOURCE_LANGUAGE]


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_is_complete_and_not_fuzzy(language):
    po = settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po"
    assert untranslated_entries(po) == []


def test_english_source_catalog_has_no_guessed_translations():
    po = settings.LOCALE_PATHS[0] / "en" / "LC_MESSAGES" / "django.po"
    assert "#, fuzzy" not in po.read_text("utf-8").split("\n\n", 1)[1]

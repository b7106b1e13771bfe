"""The interface catalogue of one language (locale/<language>/LC_MESSAGES/django.po) and its
review status (locale/status.yaml), for export to and import from translators."""

import datetime as dt
from pathlib import Path

import polib
import yaml
from django.conf import settings
from django.core.management import call_command

from .files import header_comments


def catalogue_file(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def status_file() -> Path:
    return Path(settings.LOCALE_PATHS[0]) / "status.yaml"


def set_reviewed(language: str, *, reviewer: str, reviewed: dt.date) -> None:
    """Record a native speaker's review of a language's interface (never without a name)."""
    if not reviewer.strip():
        raise ValueError("a review needs the reviewer's name")
    path = status_file()
    statuses = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    statuses[language] = {"status": "reviewed", "reviewer": reviewer, "reviewed": reviewed}
    lines = [
        f"{code}: {yaml.safe_dump(entry, default_flow_style=True, allow_unicode=True).strip()}"
        for code, entry in statuses.items()
    ]
    path.write_text(header_comments(path) + "\n".join(lines) + "\n", encoding="utf-8")


def compile_catalogue(language: str) -> None:
    call_command("compilemessages", locale=[language], verbosity=0)


def entry_key(entry: polib.POEntry) -> tuple[str, str]:
    return entry.msgctxt or "", entry.msgid


def translation_of(entry: polib.POEntry) -> str | tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return str(entry.msgstr)

"""The status of each content text per language: who wrote it, and whether a native speaker
checked it.

A listing keeps it in its ``text_status`` column, beside the texts themselves:
``{"description": {"ar": {"status": "draft", "on": "2026-12-01", "by": 7}}}``.

- ``draft``: translated (by samen's team, a translator or a file) and not yet checked;
- ``reviewed``: checked by a native speaker, with the reviewer's name and the date, never
  without them;
- ``own``: written by the organisation (or key person) itself in that language.

A text with no entry is a source text of the facts file or generated demo text. Texts written
in the web app carry ``by`` (the account); reloading the facts file keeps them.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.core.translation import pick_with_language

Entry = dict[str, Any]
FieldStatus = dict[str, Entry]  # language -> entry
TextStatusMap = dict[str, FieldStatus]  # field -> languages


class TextStatus(models.TextChoices):
    DRAFT = "draft", _("Translation not yet checked by a native speaker")
    REVIEWED = "reviewed", _("Checked by a native speaker")
    OWN = "own", _("Written by the organisation itself")


@dataclass(frozen=True)
class Shown:
    """The status of the text a visitor is shown, in the language it is shown in."""

    status: str
    language: str
    reviewer: str
    on: str


def entry_for(*, status: str, user_id: int | None = None, reviewer: str = "") -> Entry:
    if status == TextStatus.REVIEWED and not reviewer:
        raise ValueError("a reviewed text needs its reviewer")
    entry: Entry = {"status": str(status), "on": timezone.localdate().isoformat()}
    if user_id is not None:
        entry["by"] = user_id
    if reviewer:
        entry["reviewer"] = reviewer
    return entry


def written(
    before: Mapping[str, str] | None,
    after: Mapping[str, str],
    statuses: FieldStatus | None,
    entry: Entry,
) -> FieldStatus:
    """The statuses of one field after a save: a language whose text changed (or is new) gets
    ``entry``; an unchanged one keeps its status; a removed one loses it."""
    before, statuses = before or {}, statuses or {}
    result: FieldStatus = {}
    for language, text in after.items():
        if text == before.get(language) and language in statuses:
            result[language] = statuses[language]
        elif text != before.get(language):
            result[language] = dict(entry)
    return result


def record_written(
    obj: models.Model,
    fields: Mapping[str, Mapping[str, str]],
    before: Mapping[str, Mapping[str, str] | None],
    entry: Entry,
) -> None:
    """Set ``obj.text_status`` for the texts a save wrote (not saved here)."""
    text_status: TextStatusMap = dict(getattr(obj, "text_status", None) or {})
    for field, after in fields.items():
        statuses = written(before.get(field), after, text_status.get(field), entry)
        if statuses:
            text_status[field] = statuses
        else:
            text_status.pop(field, None)
    obj.text_status = text_status  # type: ignore[attr-defined]


def shown_status(
    value: Mapping[str, str] | None,
    statuses: Mapping[str, Mapping[str, Any]] | None,
    language: str | None = None,
) -> Shown | None:
    """The status of the text ``pick`` shows for ``value`` in ``language``, if it has one."""
    _text, text_language = pick_with_language(value, language)
    entry = (statuses or {}).get(text_language or "")
    if not text_language or not entry:
        return None
    return Shown(
        status=str(entry.get("status", "")),
        language=text_language,
        reviewer=str(entry.get("reviewer", "")),
        on=str(entry.get("on", "")),
    )


def web_written(statuses: Mapping[str, Mapping[str, Any]] | None) -> set[str]:
    """Languages of a field whose text someone wrote in the web app (kept on reload)."""
    return {language for language, entry in (statuses or {}).items() if "by" in entry}


def merge_loaded(
    file_values: Mapping[str, str],
    file_statuses: FieldStatus,
    current_values: Mapping[str, str] | None,
    current_statuses: FieldStatus | None,
) -> tuple[dict[str, str], FieldStatus]:
    """A field's texts and statuses after loading a data file: the file's, except the
    languages someone wrote in the web app, which stay as they are."""
    keep = web_written(current_statuses)
    values = {k: v for k, v in file_values.items() if k not in keep}
    statuses = {k: v for k, v in file_statuses.items() if k not in keep}
    for language in keep:
        if (current_values or {}).get(language):
            values[language] = (current_values or {})[language]
            statuses[language] = dict((current_statuses or {})[language])
    return values, statuses

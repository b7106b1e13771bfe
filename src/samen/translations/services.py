"""Export a language's texts for translators, and import them back: what changes is shown
first (a dry run changes nothing), placeholders are checked, and a file with an error imports
nothing. A reviewer's name marks the imported texts reviewed; without one they stay drafts."""

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from samen.accounts.models import User
from samen.audit.services import Actor, audit_record
from samen.core.errors import ApplicationError, Refused
from samen.directory.models import Service
from samen.directory.services import service_reindex

from . import catalogues, content, kinds, policies, status
from .status import TextStatus

INTERFACE = "interface"
CONTENT = "content"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")


@dataclass
class ImportPlan:
    language: str
    kind: str
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    unknown: list[str] = field(default_factory=list)  # not (or no longer) in samen: ignored
    invalid: list[str] = field(default_factory=list)
    updates: dict[tuple[str, str], str | tuple[str, ...]] = field(default_factory=dict)


def _translated_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.SOURCE_LANGUAGE]


def translations_export(*, actor: Actor, language: str, output: Path) -> list[Path]:
    """`<language>-interface.po` (the interface catalogue) and `<language>-content.po` (the
    entries' texts and topic names, English source, Dutch in a comment) in `output`."""
    if language not in _translated_languages():
        raise ApplicationError(f"{language}: not one of samen's translated languages")
    output.mkdir(parents=True, exist_ok=True)
    interface = polib.pofile(str(catalogues.catalogue_file(language)), wrapwidth=79)
    interface.metadata["X-Samen-Catalogue"] = INTERFACE
    interface_path = output / f"{language}-interface.po"
    interface.save(str(interface_path))
    values = polib.POFile(wrapwidth=79)
    values.metadata = {
        "Project-Id-Version": "samen",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Samen-Catalogue": CONTENT,
    }
    for value in content.content_values(language, settings.DIRECTORY_SOURCE_FILE):
        values.append(
            polib.POEntry(
                msgctxt=value.context,
                msgid=value.source,
                msgstr=value.translation,
                comment="\n".join(
                    line
                    for line in (
                        f"Dutch: {value.dutch}" if value.dutch else "",
                        f"Status: {value.status}" if value.status else "",
                    )
                    if line
                ),
            )
        )
    content_path = output / f"{language}-content.po"
    values.save(str(content_path))
    audit_record(actor=actor, action="translations.exported", data={"language": language})
    return [interface_path, content_path]


def _placeholders_match(entry: polib.POEntry) -> bool:
    sources = {entry.msgid, entry.msgid_plural} - {""}
    wanted = set().union(*(PLACEHOLDER.findall(text) for text in sources))
    forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    return all(set(PLACEHOLDER.findall(form)) <= wanted for form in forms if form) and (
        bool(entry.msgid_plural) or set(PLACEHOLDER.findall(entry.msgstr)) == wanted
    )


def translations_plan(path: Path) -> ImportPlan:
    """What importing a translator's PO file would change (nothing is written)."""
    try:
        incoming = polib.pofile(str(path))
    except (OSError, ValueError) as error:
        raise ApplicationError(f"{path.name}: not a PO file ({error})") from error
    language = incoming.metadata.get("Language", "")
    kind = incoming.metadata.get("X-Samen-Catalogue", "")
    if language not in _translated_languages() or kind not in (INTERFACE, CONTENT):
        raise ApplicationError(
            f"{path.name}: give a Language of samen and X-Samen-Catalogue: interface or content "
            "(as `samen translations export` writes them)"
        )
    plan = ImportPlan(language, kind)
    if kind == INTERFACE:
        ours = {
            catalogues.entry_key(e): catalogues.translation_of(e)
            for e in polib.pofile(str(catalogues.catalogue_file(language)))
            if not e.obsolete
        }
    else:
        ours = {
            (value.context, value.source): value.translation
            for value in content.content_values(language, settings.DIRECTORY_SOURCE_FILE)
        }
    for entry in incoming:
        if entry.obsolete or "fuzzy" in entry.flags:  # a guess, not a translation
            continue
        key = catalogues.entry_key(entry)
        label = entry.msgctxt or entry.msgid[:60]
        if key not in ours:
            plan.unknown.append(label)
            continue
        theirs = catalogues.translation_of(entry)
        if not any(theirs if isinstance(theirs, tuple) else [theirs]):
            continue  # left untranslated: keep ours
        if not _placeholders_match(entry):
            plan.invalid.append(label)
            continue
        if theirs == ours[key]:
            plan.unchanged += 1
            continue
        (plan.changed if any(ours[key]) else plan.new).append(label)
        plan.updates[key] = theirs
    return plan


def translations_import(*, actor: Actor, path: Path, reviewer: str = "") -> ImportPlan:
    """Apply a translator's file; refused whole when any entry is invalid."""
    plan = translations_plan(path)
    if plan.invalid:
        raise ApplicationError(
            f"{path.name}: placeholders differ from the source in {len(plan.invalid)} entries "
            f"({', '.join(plan.invalid[:5])}); nothing was imported"
        )
    reviewed = timezone.localdate()
    with transaction.atomic():
        if plan.kind == INTERFACE:
            _apply_interface(plan, reviewer=reviewer, reviewed=reviewed)
        else:
            content.apply_content(
                plan.language,
                {context: str(text) for (context, _source), text in plan.updates.items()},
                reviewer=reviewer,
                reviewed=reviewed,
            )
        audit_record(
            actor=actor,
            action="translations.imported",
            data={
                "language": plan.language,
                "kind": plan.kind,
                "new": len(plan.new),
                "changed": len(plan.changed),
                "reviewer": reviewer,
            },
        )
    return plan


def _apply_interface(plan: ImportPlan, *, reviewer: str, reviewed: dt.date) -> None:
    path = catalogues.catalogue_file(plan.language)
    ours = polib.pofile(str(path), wrapwidth=79)
    for entry in ours:
        update = plan.updates.get(catalogues.entry_key(entry))
        if update is None:
            continue
        if isinstance(update, tuple):
            entry.msgstr_plural = dict(enumerate(update))
        else:
            entry.msgstr = update
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    ours.save()
    catalogues.compile_catalogue(plan.language)
    if reviewer:
        catalogues.set_reviewed(plan.language, reviewer=reviewer, reviewed=reviewed)


def translation_save(
    *,
    actor: User,
    kind: kinds.Kind,
    obj: Any,
    language: str,
    texts: dict[str, str],
    reviewed: set[str],
) -> list[str]:
    """A translator's texts for one record in one language; ``reviewed`` names the fields
    they checked as a native speaker. Returns the fields whose text or status changed."""
    if not policies.may_translate(actor, language):
        raise Refused(gettext("You do not translate into this language."))
    reviewer = actor.get_full_name() or actor.get_username()
    text_status: status.TextStatusMap = dict(obj.text_status or {})
    changed: list[str] = []
    rows: dict[int, Any] = {}
    with transaction.atomic():
        for key, text in texts.items():
            values = kinds.values_of(obj, key)
            field_status = dict(text_status.get(key, {}))
            current = field_status.get(language, {})
            text = text.replace("\r\n", "\n").strip()
            if not text:
                if language not in values:
                    continue
                del values[language]
                field_status.pop(language, None)
            elif text != values.get(language):
                values[language] = text
                field_status[language] = status.entry_for(
                    status=TextStatus.REVIEWED if key in reviewed else TextStatus.DRAFT,
                    user_id=actor.pk,
                    reviewer=reviewer if key in reviewed else "",
                )
            elif key in reviewed and current.get("status") == TextStatus.DRAFT:
                field_status[language] = status.entry_for(
                    status=TextStatus.REVIEWED, user_id=actor.pk, reviewer=reviewer
                )
            else:
                continue
            row = kinds.set_values(obj, key, values)
            rows[id(row)] = row
            if field_status:
                text_status[key] = field_status
            else:
                text_status.pop(key, None)
            changed.append(key)
        if not changed:
            return []
        obj.text_status = text_status
        for row in rows.values():
            if row is not obj:
                row.save()
        obj.save()
        if isinstance(obj, Service):
            service_reindex(service=obj)
        audit_record(
            actor=actor,
            action="translation.saved",
            target=obj,
            data={
                "language": language,
                "changed": changed,
                "reviewed": sorted(key for key in changed if key in reviewed),
            },
        )
    return changed

"""The professionals' parts of the facts texts (data/for-professionals.yaml), taken out of the
newcomer's text and shown under "For professionals".

The file names each part as it stands in the facts file, and every part is checked here against
the text it comes from, so the split adds and loses nothing: the newcomer's text and the
professionals' part together are the facts text. A part that no longer fits its text (the facts
file changed) leaves that text whole, with a warning naming the entry.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from samen.core.errors import ApplicationError

PROFESSIONAL_FILE = Path(__file__).parent / "data" / "for-professionals.yaml"
SENTENCE_ENDS = (".", "!", "?", "؟", "።")
CLAUSE_SEPARATORS = ("; ", ", ")


@dataclass(frozen=True)
class Split:
    newcomer: str
    professional: str


@dataclass(frozen=True)
class EntryParts:
    """The splits of one facts entry: its description per facts language, its phones' English
    labels by position, and what did not fit."""

    description: dict[str, Split]
    phones: dict[int, Split]
    warnings: tuple[str, ...] = ()


def _clean(text: object) -> str:
    return " ".join(str(text).split())


def split_text(text: str, part: str) -> Split | None:
    """`text` without `part`, and `part`; None unless `part` occurs in it once, as its last
    clause (after "; " or ", ") or as whole sentences. A clause becomes a sentence of its own:
    the newcomer's text ends where the clause began, with the clause's full stop."""
    text, part = _clean(text), _clean(part)
    if not part or text.count(part) != 1:
        return None
    start = text.index(part)
    before, after = text[:start], text[start + len(part) :]
    is_sentence = part.endswith(SENTENCE_ENDS)
    if before.endswith(CLAUSE_SEPARATORS) and not after:
        stop = part[-1] if is_sentence else ""
        return Split(before[:-2] + stop, part[:1].upper() + part[1:])
    starts_sentence = not before or before.endswith(tuple(f"{end} " for end in SENTENCE_ENDS))
    newcomer = (before + after.lstrip()).strip()
    if starts_sentence and is_sentence and (not after or after.startswith(" ")) and newcomer:
        return Split(newcomer, part)
    return None


def joined(newcomer: str, professional: str) -> str:
    """The two parts as one text again (for the HSDS export, and a text left whole)."""
    if not (newcomer and professional):
        return newcomer or professional
    stop = "" if newcomer.endswith(SENTENCE_ENDS) else "."
    return f"{newcomer}{stop} {professional}"


def read_parts(path: Path = PROFESSIONAL_FILE) -> dict[str, dict[str, Any]]:
    """The file's parts by facts entry id."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = raw.get("entries") if isinstance(raw, dict) else None
    if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
        raise ApplicationError(f"{path.name}: give 'entries', a mapping of facts entry ids")
    return entries


def entry_parts(entry: Mapping[str, Any], parts: Mapping[str, Any] | None) -> EntryParts:
    """Split one facts entry's texts as the file says, checking each part against its text."""
    if not parts:
        return EntryParts({}, {})
    key, warnings = entry["id"], []
    splits = {
        language: split_text(str(entry.get(f"description_{language}") or ""), str(part))
        for language, part in (parts.get("description") or {}).items()
    }
    failed = sorted(language for language, split in splits.items() if split is None)
    if failed:
        warnings.append(
            f"{key}: the professionals' part of description_{'/'.join(failed)} is not a clause "
            f"or sentence of the facts text; the description is left whole"
        )
    positions = {_clean(phone["number"]): i for i, phone in enumerate(entry.get("phones", []))}
    phones: dict[int, Split] = {}
    for number, part in (parts.get("phones") or {}).items():
        position = positions.get(_clean(number))
        label = entry["phones"][position].get("label", "") if position is not None else ""
        split = split_text(str(label), str(part))
        if position is not None and split is not None:
            phones[position] = split
        else:
            warnings.append(
                f"{key}: the professionals' part of the label of phone {number} is not in "
                f"the facts text; the label is left whole"
            )
    description = {} if failed else {k: v for k, v in splits.items() if v is not None}
    return EntryParts(description, phones, tuple(warnings))


def newcomer_and_professional(
    texts: Mapping[str, str], translated_parts: Mapping[str, str], splits: Mapping[str, Split]
) -> tuple[dict[str, str], dict[str, str]]:
    """A text's newcomer part and professionals' part per language.

    `texts` holds the facts languages' whole texts and the translations' newcomer parts (the
    translation files keep the professionals' part apart, in `translated_parts`). Without a
    split, every language's text is whole again and there is no professionals' part.
    """
    if not splits:
        return {
            lang: joined(text, translated_parts.get(lang, "")) for lang, text in texts.items()
        }, {}
    newcomer = {**texts, **{lang: split.newcomer for lang, split in splits.items()}}
    professional = {
        **{lang: text for lang, text in translated_parts.items() if lang in newcomer},
        **{lang: split.professional for lang, split in splits.items()},
    }
    return newcomer, professional


def split_entries(
    entries: list[dict[str, Any]], facts_name: str
) -> tuple[dict[str, EntryParts], list[str]]:
    """Every facts entry's splits by id, and the warnings of what does not fit."""
    parts = read_parts()
    splits = {entry["id"]: entry_parts(entry, parts.get(entry["id"])) for entry in entries}
    warnings = [warning for split in splits.values() for warning in split.warnings]
    warnings += [
        f"{key}: in {PROFESSIONAL_FILE.name} but not in {facts_name}"
        for key in sorted(parts.keys() - splits.keys())
    ]
    return splits, warnings

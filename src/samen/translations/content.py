"""Content values of one language as a PO catalogue for translators: the texts of the real
entries (directory/data/translations/<language>.yaml) and the topic names (taxonomy.yaml).

Each value is one entry: msgctxt says where it belongs ("service:veilig-thuis:description",
"service:veilig-thuis:phone:0:label", "topic:shelter:name"), msgid is the English source, a
comment gives the Dutch text, and msgstr is the translation.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from samen.directory.loader import TAXONOMY_FILE, TRANSLATIONS_DIR

from .files import write_yaml

PHONE_FIELDS = ("label", "hours", "cost")
ENTRY_FIELDS = ("description", "chat", "interpreter")


@dataclass(frozen=True)
class Value:
    context: str
    source: str  # English
    dutch: str
    translation: str


def _clean(text: object) -> str:
    return " ".join(str(text).split())


def translations_file(language: str) -> Path:
    return TRANSLATIONS_DIR / f"{language}.yaml"


def _texts(language: str) -> dict[str, Any]:
    path = translations_file(language)
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")).get("services") or {}


def _phone(texts: dict[str, Any], position: int, field: str) -> str:
    phones = texts.get("phones") or []
    return str(phones[position].get(field, "")) if position < len(phones) else ""


def content_values(language: str, facts_file: Path) -> Iterator[Value]:
    """Every content value of the facts file and the taxonomy, in `language`."""
    mine_by_entry, dutch_by_entry = _texts(language), _texts("nl")
    for entry in yaml.safe_load(facts_file.read_text(encoding="utf-8"))["services"]:
        key = entry["id"]
        mine, dutch = mine_by_entry.get(key, {}), dutch_by_entry.get(key, {})
        english_of = {
            "description": entry.get("description_en"),
            "chat": entry.get("chat"),
            "interpreter": entry.get("interpreter"),
        }
        for field in ENTRY_FIELDS:
            if english_of[field]:
                own_dutch = entry.get("description_nl") if field == "description" else None
                yield Value(
                    f"service:{key}:{field}",
                    _clean(english_of[field]),
                    _clean(own_dutch or dutch.get(field, "")),
                    _clean(mine.get(field, "")),
                )
        for position, phone in enumerate(entry.get("phones", [])):
            for field in PHONE_FIELDS:
                english = phone.get(field)
                if english and not (field == "cost" and english == "free"):
                    yield Value(
                        f"service:{key}:phone:{position}:{field}",
                        _clean(english),
                        _phone(dutch, position, field),
                        _phone(mine, position, field),
                    )
    for term in yaml.safe_load(TAXONOMY_FILE.read_text(encoding="utf-8"))["terms"]:
        yield Value(
            f"topic:{term['code']}:name",
            term["name"]["en"],
            term["name"].get("nl", ""),
            term["name"].get(language, ""),
        )


def apply_content(
    language: str, translations: dict[str, str], *, reviewer: str, reviewed: dt.date
) -> None:
    """Write translations (msgctxt -> text) into the language's data files; with a reviewer,
    the language's entry texts count as reviewed by them."""
    path = translations_file(language)
    raw: dict[str, Any] = (
        yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.exists()
        else {"language": language, "status": "draft"}
    )
    services: dict[str, Any] = raw.get("services") or {}
    raw["services"] = services
    taxonomy = yaml.safe_load(TAXONOMY_FILE.read_text(encoding="utf-8"))
    terms = {term["code"]: term for term in taxonomy["terms"]}
    topics_changed = False
    for context, text in translations.items():
        kind, key, *rest = context.split(":")
        if kind == "topic":
            terms[key]["name"][language] = text
            topics_changed = True
        elif len(rest) == 1:
            services.setdefault(key, {})[rest[0]] = text
        else:
            _phone_word, position, field = rest
            phones = services.setdefault(key, {}).setdefault("phones", [])
            while len(phones) <= int(position):
                phones.append({})
            phones[int(position)][field] = text
    if reviewer:
        raw.update({"status": "reviewed", "reviewer": reviewer, "reviewed": reviewed})
    if not path.exists():
        path.write_text(
            f"# Texts of the entries in nl-support-services.yaml in language {language}.\n",
            encoding="utf-8",
        )
    write_yaml(path, raw)
    if topics_changed:
        write_yaml(TAXONOMY_FILE, taxonomy)

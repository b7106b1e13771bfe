"""Content values of one language as a PO catalogue for translators: the texts of the real
entries (directory/data/translations/<language>.yaml) and the topic names (taxonomy.yaml).

Each value is one entry: msgctxt says where it belongs ("service:veilig-thuis:description",
"service:veilig-thuis:phone:0:label", "topic:shelter:name"), msgid is the English source, a
comment gives the Dutch text and the translation's status, and msgstr is the translation. A
translation someone wrote in the web app (translator pages) is exported as it stands in the
database, since a reload of the files keeps it there.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from samen.directory.loader import TAXONOMY_FILE, TRANSLATIONS_DIR
from samen.directory.models import Service, TaxonomyTerm
from samen.directory.professional import entry_parts, read_parts

from .files import write_yaml

PHONE_FIELDS = ("label", "professional_label", "hours", "cost")
ENTRY_FIELDS = ("description", "professional_description", "chat", "interpreter")


@dataclass(frozen=True)
class Value:
    context: str
    source: str  # English
    dutch: str
    translation: str
    status: str = ""  # "draft", "reviewed by <name> on <date>", ...


# A context's field (facts file) -> the field it is loaded into (text_status key).
DATABASE_FIELDS = {
    "description": "description",
    "professional_description": "professional_description",
    "chat": "chat_description",
    "interpreter": "interpreter_description",
    "label": "description",
    "professional_label": "professional_description",
    "hours": "hours_description",
    "cost": "cost_description",
}


def _status_words(entry: dict[str, Any]) -> str:
    words = str(entry.get("status", ""))
    if entry.get("reviewer"):
        words += f" by {entry['reviewer']}"
    if entry.get("on"):
        words += f" on {entry['on']}"
    if "by" in entry:
        words += " (written in the web app)"
    return words


def _from_database(value: Value, language: str, records: dict[str, Any]) -> Value:
    """The value as the database holds it, where a translator's or editor's text is kept."""
    kind, key, *rest = value.context.split(":")
    record = records.get(f"{kind}:{key}")
    if record is None:
        return value
    if kind == "topic":
        field, texts = "name", record.name
    elif len(rest) == 1:
        field = DATABASE_FIELDS[rest[0]]
        texts = getattr(record, field)
    else:
        _phone, position, name = rest
        field = f"phone:{position}:{DATABASE_FIELDS[name]}"
        phone = next((p for p in record.phones.all() if p.position == int(position)), None)
        texts = getattr(phone, DATABASE_FIELDS[name]) if phone else {}
    entry = (record.text_status or {}).get(field, {}).get(language)
    if not entry:
        return value
    translation = texts.get(language, "") if "by" in entry else value.translation
    return replace(value, translation=_clean(translation), status=_status_words(entry))


def _records() -> dict[str, Any]:
    services = Service.objects.filter(external_id__isnull=False, is_demo=False)
    return {
        **{f"service:{s.external_id}": s for s in services.prefetch_related("phones")},
        **{f"topic:{t.code}": t for t in TaxonomyTerm.objects.all()},
    }


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
    """Every content value of the facts file and the taxonomy, in `language`, as the database
    holds it (each with its status)."""
    records = _records()
    for value in _file_values(language, facts_file):
        yield _from_database(value, language, records)


def _file_values(language: str, facts_file: Path) -> Iterator[Value]:
    mine_by_entry, dutch_by_entry = _texts(language), _texts("nl")
    parts = read_parts()
    for entry in yaml.safe_load(facts_file.read_text(encoding="utf-8"))["services"]:
        key = entry["id"]
        mine, dutch = mine_by_entry.get(key, {}), dutch_by_entry.get(key, {})
        # The professionals' parts are values of their own, as the loader keeps them.
        split = entry_parts(entry, parts.get(key))
        facts_texts = {
            lang: (
                {
                    "description": split.description[lang].newcomer,
                    "professional_description": split.description[lang].professional,
                }
                if lang in split.description
                else {"description": entry.get(f"description_{lang}")}
            )
            for lang in ("en", "nl")
        }
        english_of = {
            **facts_texts["en"],
            "chat": entry.get("chat"),
            "interpreter": entry.get("interpreter"),
        }
        for field in ENTRY_FIELDS:
            if english_of.get(field):
                own_dutch = facts_texts["nl"].get(field)
                yield Value(
                    f"service:{key}:{field}",
                    _clean(english_of[field]),
                    _clean(own_dutch or dutch.get(field, "")),
                    _clean(mine.get(field, "")),
                )
        for position, phone in enumerate(entry.get("phones", [])):
            label = split.phones.get(position)
            if label:
                phone = {**phone, "label": label.newcomer, "professional_label": label.professional}
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

"""Loading the real directory: the topic taxonomy and the facts file (nl-support-services.yaml).

Both loads are idempotent: ids derive from the file's ids (ids.stable_uuid), and a record is saved
only when its content changed, so a repeated load leaves every `last_modified` alone. Entries no
longer in the facts file are retired only when asked (retire_missing), and a file that is not in
the facts format is refused before anything is written.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from samen.audit.services import Actor, audit_record
from samen.core.db import refresh_planner_statistics
from samen.core.errors import ApplicationError
from samen.translations import status

from . import geo, professional
from .hours import AMSTERDAM
from .ids import FACTS_SOURCE, stable_uuid, upsert
from .models import (
    Language,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceSearchDocument,
    Taxonomy,
    TaxonomyTerm,
    TopicSynonym,
)
from .needs import forget_vocabulary
from .services import service_reindex

DATA_DIR = Path(__file__).parent / "data"
TAXONOMY_FILE = DATA_DIR / "taxonomy.yaml"
VOCABULARY_DIR = DATA_DIR / "vocabulary"
TRANSLATIONS_DIR = DATA_DIR / "translations"
TOPIC_TAXONOMY_NAME = "samen topics"

KIND_MAP = {
    "emergency": Organization.Kind.EMERGENCY,
    "helpline": Organization.Kind.HELPLINE,
    "service": Organization.Kind.SUPPORT_SERVICE,
    "migrant-organisation": Organization.Kind.MIGRANT_ORGANISATION,
    "organisation": Organization.Kind.ORGANISATION,
    "knowledge-centre": Organization.Kind.KNOWLEDGE_CENTRE,
    "information": Organization.Kind.INFORMATION,
}
DAY_RANGES = {"daily": Schedule.WEEKDAYS, "mon-fri": Schedule.WEEKDAYS[:5]}
HOURS_RE = re.compile(r"^(daily|mon-fri)\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})", re.IGNORECASE)


@dataclass(frozen=True)
class LoadReport:
    organizations: int
    services: int
    retired: int
    # Entries no longer in the file that were left as they were (no retire_missing).
    missing: int = 0
    # Professionals' parts that no longer fit the facts text (professional.py).
    warnings: tuple[str, ...] = ()


def taxonomy_load(*, actor: Actor) -> Taxonomy:
    """Create or update the topic taxonomy from data/taxonomy.yaml (idempotent)."""
    raw = yaml.safe_load(TAXONOMY_FILE.read_text(encoding="utf-8"))
    languages = {code for code, _name in settings.LANGUAGES}
    taxonomy_name = raw["taxonomy"]["name"]
    with transaction.atomic():
        taxonomy, _ = upsert(
            Taxonomy,
            lookup={"name": taxonomy_name},
            values={
                "description": raw["taxonomy"]["description"],
                "version": raw["taxonomy"]["version"],
            },
            uuid=stable_uuid("taxonomy", taxonomy_name),
        )
        by_code: dict[str, TaxonomyTerm] = {}
        current = {term.code: term for term in taxonomy.terms.all()}
        for position, item in enumerate(raw["terms"]):
            parent = by_code.get(item.get("parent", ""))
            names = {code: name for code, name in item["name"].items() if code in languages}
            # English and Dutch are the taxonomy's own names; the others are drafts until a
            # native speaker checks them (through the translator pages or an import).
            texts, text_status = _texts_with_status(
                {"name": names},
                {"name": {"en", "nl"}},
                {code: {"status": "draft"} for code in languages},
                {"name": current[item["code"]].name} if item["code"] in current else {},
                current[item["code"]].text_status if item["code"] in current else {},
            )
            term, _ = upsert(
                TaxonomyTerm,
                lookup={"taxonomy": taxonomy, "code": item["code"]},
                values={
                    "name": texts["name"],
                    "text_status": text_status,
                    "position": position,
                    "is_entry_point": bool(item.get("entry")),
                    "parent_id": parent.pk if parent else None,
                },
                uuid=stable_uuid("taxonomy", taxonomy_name, "term", item["code"]),
            )
            by_code[term.code] = term
        audit_record(
            actor=actor, action="taxonomy.loaded", target=taxonomy, data={"terms": len(by_code)}
        )
        transaction.on_commit(forget_vocabulary)
    return taxonomy


def vocabulary_load(*, actor: Actor, taxonomy: Taxonomy) -> int:
    """Replace the words of the vocabulary files (data/vocabulary/<language>.yaml, one per
    interface language); words staff added stay. Returns the number of words loaded."""
    terms = {term.code: term for term in taxonomy.terms.all()}
    words: list[TopicSynonym] = []
    for code, _name in settings.LANGUAGES:
        path = VOCABULARY_DIR / f"{code}.yaml"
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        _file_status(path, raw, code)
        status = raw["status"]
        unknown = set(raw["topics"]) - terms.keys()
        if unknown:
            raise ApplicationError(f"{path.name}: unknown topics {sorted(unknown)}")
        for topic, texts in raw["topics"].items():
            words.extend(
                TopicSynonym(
                    term=terms[topic],
                    language=code,
                    text=text,
                    source=TopicSynonym.Source.FILE,
                    status=status,
                    reviewer=raw.get("reviewer") or "",
                    reviewed_on=raw.get("reviewed"),
                )
                for text in dict.fromkeys(" ".join(str(t).split()) for t in texts)
            )
    with transaction.atomic():
        TopicSynonym.objects.filter(source=TopicSynonym.Source.FILE).delete()
        TopicSynonym.objects.bulk_create(words, ignore_conflicts=True)
        audit_record(actor=actor, action="vocabulary.loaded", data={"words": len(words)})
        transaction.on_commit(forget_vocabulary)
    return len(words)


def parse_weekly_hours(text: str) -> tuple[tuple[str, ...], time, time] | None:
    """Opening hours from the facts file's "daily 11:00-21:00" / "Mon-Fri 08:30-17:00"."""
    match = HOURS_RE.match(text.strip())
    if not match:
        return None
    days = DAY_RANGES[match.group(1).lower()]
    h1, m1, h2, m2 = (int(g) for g in match.groups()[1:])
    return days, time(h1, m1), time(h2, m2)


def _file_status(path: Path, raw: dict[str, Any], language: str) -> None:
    """A data file names its language and an honest status: reviewed only with a reviewer."""
    status = raw.get("status")
    if raw.get("language") != language or status not in ("draft", "reviewed"):
        raise ApplicationError(f"{path.name}: give language: {language} and a status")
    if status == "reviewed" and not (raw.get("reviewer") and isinstance(raw.get("reviewed"), date)):
        raise ApplicationError(f"{path.name}: 'reviewed' needs a reviewer and a date")


Texts = dict[str, dict[str, Any]]  # entry id -> its texts in one language
PHONE_TEXTS = ("description", "professional_description", "hours_description", "cost_description")


def load_translations() -> tuple[dict[str, Texts], dict[str, status.Entry]]:
    """The entries' texts in other languages (data/translations/<language>.yaml), by language,
    and the status of each language's texts (draft, or reviewed by whom and when)."""
    translations: dict[str, Texts] = {}
    statuses: dict[str, status.Entry] = {}
    for code, _name in settings.LANGUAGES:
        path = TRANSLATIONS_DIR / f"{code}.yaml"
        if not path.exists():
            continue
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        _file_status(path, raw, code)
        translations[code] = raw.get("services") or {}
        statuses[code] = (
            {"status": "reviewed", "reviewer": raw["reviewer"], "on": raw["reviewed"].isoformat()}
            if raw["status"] == "reviewed"
            else {"status": "draft"}
        )
    return translations, statuses


def _texts_with_status(
    texts: dict[str, dict[str, str]],
    sources: dict[str, set[str]],
    file_statuses: dict[str, status.Entry],
    current_texts: dict[str, dict[str, str]],
    current_status: status.TextStatusMap,
) -> tuple[dict[str, dict[str, str]], status.TextStatusMap]:
    """The fields' texts as the files give them, each translation with its file's status (a
    text of the facts file itself is a source and has none), and every text someone wrote in
    the web app kept as it is."""
    values: dict[str, dict[str, str]] = {}
    text_status: status.TextStatusMap = {}
    for field, file_values in texts.items():
        field_statuses = {
            language: dict(file_statuses[language])
            for language in file_values
            if language in file_statuses and language not in sources.get(field, {"en"})
        }
        values[field], merged_statuses = status.merge_loaded(
            file_values, field_statuses, current_texts.get(field), current_status.get(field)
        )
        if merged_statuses:
            text_status[field] = merged_statuses
    return values, text_status


def _phone_texts(service: Service | None) -> dict[str, dict[str, str]]:
    """A service's phone texts as "phone:<position>:<field>" (their key in text_status)."""
    if service is None:
        return {}
    return {
        f"phone:{phone.position}:{field}": getattr(phone, field)
        for phone in service.phones.all()
        for field in PHONE_TEXTS
    }


def _clean(text: object) -> str:
    return " ".join(str(text).split())


def _in_languages(
    english: object, translations: dict[str, Texts], entry_id: str, *keys: str | int
) -> dict[str, str]:
    """{"en": the facts file's text, <language>: its translation, ...} for one value."""
    if not english:
        return {}
    return {"en": _clean(english), **_translations_of(translations, entry_id, *keys)}


def _translations_of(
    translations: dict[str, Texts], entry_id: str, *keys: str | int
) -> dict[str, str]:
    """{<language>: the translation, ...} of one value of an entry."""
    values: dict[str, str] = {}
    for language, texts in translations.items():
        value: Any = texts.get(entry_id)
        for key in keys:
            try:
                value = value[key] if value is not None else None
            except (KeyError, IndexError, TypeError):
                value = None
        if value:
            values[language] = _clean(value)
    return values


def _translated(
    entry: dict[str, Any], field: str, translations: dict[str, Texts] | None = None
) -> dict[str, str]:
    """A field written in the facts file per language (description_nl, description_en), plus
    its translations."""
    values = _in_languages(entry.get(f"{field}_en"), translations or {}, entry["id"], field)
    values.update(
        {
            lang: _clean(entry[f"{field}_{lang}"])
            for lang in ("nl", "en")
            if entry.get(f"{field}_{lang}")
        }
    )
    return values


def _area_places(entry: dict[str, Any]) -> list[geo.GeoPoint]:
    """The places of an entry's `area` (none: the whole country), each known to the geodata."""
    names = entry.get("area") or []
    if not isinstance(names, list):
        raise ApplicationError(f"{entry['id']}: 'area' must be a list of place names")
    places = [(name, geo.resolve_place(str(name))) for name in names]
    unknown = [name for name, point in places if point is None]
    if unknown:
        raise ApplicationError(f"{entry['id']}: unknown places in 'area' {unknown}")
    return [point for _name, point in places if point is not None]


def _children(service: Service, model: type[Model], rows: list[dict[str, Any]]) -> bool:
    """Give `service` exactly these child rows (each with its stable `uuid`); True if that changed
    anything. Unchanged rows are left as they are."""
    related = model._default_manager.filter(service=service)
    fields = sorted({field for row in rows for field in row} | {"uuid"})
    current = sorted(related.values(*fields), key=lambda row: str(row["uuid"]))
    wanted = sorted(rows, key=lambda row: str(row["uuid"]))
    if current == wanted and len(current) == related.count():
        return False
    related.delete()
    model._default_manager.bulk_create(model(service=service, **row) for row in wanted)
    return True


def _phone_rows(
    entry: dict[str, Any], translations: dict[str, Texts], parts: professional.EntryParts
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The entry's phones and the weekly schedules read from their hours."""
    phones: list[dict[str, Any]] = []
    schedules: list[dict[str, Any]] = []
    for position, item in enumerate(entry.get("phones", [])):
        cost = str(item.get("cost", ""))

        def phone_text(key: str, english: object, position: int = position) -> dict[str, str]:
            return _in_languages(english, translations, entry["id"], "phones", position, key)

        hours = phone_text("hours", item.get("hours"))
        label, professional_label = professional.newcomer_and_professional(
            phone_text("label", item.get("label")),
            _translations_of(translations, entry["id"], "phones", position, "professional_label"),
            {"en": parts.phones[position]} if position in parts.phones else {},
        )
        phones.append(
            {
                "uuid": stable_uuid(FACTS_SOURCE, "service", entry["id"], "phone", position),
                "number": item["number"],
                "description": label,
                "professional_description": professional_label,
                "hours_description": hours,
                "cost_description": phone_text("cost", cost if cost != "free" else ""),
                "anonymous": bool(item.get("anonymous")),
                "free_of_charge": cost == "free",
                # Only when the file states the line's languages (most entries do not yet).
                "languages": [str(code) for code in item.get("languages", [])],
                "position": position,
            }
        )
        weekly = parse_weekly_hours(str(item.get("hours", "")))
        if weekly:
            days, opens_at, closes_at = weekly
            schedules.append(
                {
                    "position": position,
                    "uuid": stable_uuid(FACTS_SOURCE, "service", entry["id"], "schedule", position),
                    "byday": ",".join(days),
                    "opens_at": opens_at,
                    "closes_at": closes_at,
                    "description": hours,
                }
            )
    return phones, schedules


def _area_rows(entry: dict[str, Any], places: list[geo.GeoPoint]) -> list[dict[str, Any]]:
    """A regional entry serves its places (search finds it by distance from each of them);
    without places it serves the whole country."""
    if not places:
        return [
            {
                "uuid": stable_uuid(FACTS_SOURCE, "service", entry["id"], "area", "Nederland"),
                "name": "Nederland",
                "extent_type": ServiceArea.ExtentType.NATIONAL,
                "latitude": None,
                "longitude": None,
            }
        ]
    return [
        {
            "uuid": stable_uuid(FACTS_SOURCE, "service", entry["id"], "area", place.label),
            "name": place.label,
            "extent_type": ServiceArea.ExtentType.PLACE,
            "latitude": place.latitude,
            "longitude": place.longitude,
        }
        for place in dict.fromkeys(places)
    ]


def _load_entry(
    entry: dict[str, Any],
    topics: dict[str, TaxonomyTerm],
    translations: dict[str, Texts],
    file_statuses: dict[str, status.Entry],
    parts: professional.EntryParts,
) -> Service:
    unknown = set(entry.get("topics", [])) - topics.keys()
    if unknown:
        raise ApplicationError(f"{entry['id']}: unknown topics {sorted(unknown)}")
    places = _area_places(entry)
    checked = entry.get("checked")
    if not isinstance(checked, date):
        raise ApplicationError(f"{entry['id']}: 'checked' must be a date")
    sources = list(entry.get("sources", []))
    provenance = {"source_urls": sources, "last_checked": checked, "is_demo": False}
    key = entry["id"]
    own_languages = {"en"} | {lang for lang in ("nl", "en") if entry.get(f"description_{lang}")}
    whole = _translated(entry, "description", translations)
    translated_parts = _translations_of(translations, key, "professional_description")
    description, professional_description = professional.newcomer_and_professional(
        whole, translated_parts, parts.description
    )
    current_organization = Organization.objects.filter(external_id=key).first()
    # The organisation's page is a newcomer's page too: its description is the newcomer's
    # part; the professionals' part stands on the service page (and in its HSDS description).
    organization_texts, organization_status = _texts_with_status(
        {"description": description},
        {"description": own_languages},
        file_statuses,
        {"description": current_organization.description} if current_organization else {},
        current_organization.text_status if current_organization else {},
    )
    organization, _ = upsert(
        Organization,
        lookup={"external_id": entry["id"]},
        values={
            "name": entry["name"],
            "kind": KIND_MAP.get(entry.get("kind", ""), Organization.Kind.ORGANISATION),
            "website": entry.get("website", ""),
            **organization_texts,
            "text_status": organization_status,
            "verification": Organization.Verification.VERIFIED,
            "verification_method": "public sources (nl-support-services.yaml)",
            "verified_at": datetime.combine(checked, time(12), tzinfo=AMSTERDAM),
            **provenance,
        },
        uuid=stable_uuid(FACTS_SOURCE, "organization", entry["id"]),
    )
    phones = entry.get("phones", [])
    phone_rows, schedule_rows = _phone_rows(entry, translations, parts)
    file_texts = {
        "description": description,
        "professional_description": professional_description,
        "chat_description": _in_languages(entry.get("chat"), translations, key, "chat"),
        "interpreter_description": _in_languages(
            entry.get("interpreter"), translations, key, "interpreter"
        ),
        **{
            f"phone:{row['position']}:{field}": row[field]
            for row in phone_rows
            for field in PHONE_TEXTS
        },
    }
    current_service = Service.objects.filter(external_id=key).first()
    service_texts, service_status = _texts_with_status(
        file_texts,
        {"description": own_languages, "professional_description": own_languages},
        file_statuses,
        {
            **(
                {field: getattr(current_service, field) for field in file_texts if ":" not in field}
                if current_service
                else {}
            ),
            **_phone_texts(current_service),
        },
        current_service.text_status if current_service else {},
    )
    # A phone line's texts someone wrote in the web app stay (the hours' too, on the schedule).
    for row in phone_rows:
        row.update(
            {field: service_texts[f"phone:{row['position']}:{field}"] for field in PHONE_TEXTS}
        )
    for row in schedule_rows:
        row["description"] = service_texts[f"phone:{row.pop('position')}:hours_description"]
    service, changed = upsert(
        Service,
        lookup={"external_id": entry["id"]},
        values={
            "organization_id": organization.pk,
            "name": {"nl": entry["name"]},
            **{field: texts for field, texts in service_texts.items() if ":" not in field},
            "text_status": service_status,
            "url": entry.get("website", ""),
            "status": Service.Status.ACTIVE,
            "minimum_age": entry.get("minimum_age"),
            "maximum_age": entry.get("maximum_age"),
            "audience": (
                Service.Audience.PROFESSIONALS
                if entry.get("audience") == "professionals-only"
                else Service.Audience.EVERYONE
            ),
            "anonymous": bool(entry.get("anonymous_advice"))
            or any(p.get("anonymous") for p in phones),
            "advice_for_professionals": bool(entry.get("advice_for_professionals")),
            # Free only when every line is stated free; an unstated cost is not a fact.
            "free_of_charge": bool(phones) and all(p.get("cost") == "free" for p in phones),
            "open_24_7": any(p.get("hours") == "24/7" for p in phones),
            "interpreter_available": bool(entry.get("interpreter")),
            **provenance,
        },
        uuid=stable_uuid(FACTS_SOURCE, "service", entry["id"]),
    )
    language_rows = [
        {"uuid": stable_uuid(FACTS_SOURCE, "service", entry["id"], "language", code), "code": code}
        for code in dict.fromkeys(entry.get("languages", []))
    ]
    children_changed = [
        _children(service, Phone, phone_rows),
        _children(service, Schedule, schedule_rows),
        _children(service, Language, language_rows),
        _children(service, ServiceArea, _area_rows(entry, places)),
    ]
    service_topics = [topics[code] for code in entry.get("topics", [])]
    if set(service.topics.values_list("pk", flat=True)) != {t.pk for t in service_topics}:
        service.topics.set(service_topics)
        children_changed.append(True)
    if any(children_changed) and not changed:
        # A service's HSDS record nests its phones, hours, areas and topics: it changed too.
        service.save(update_fields=["updated_at"])
    service_reindex(service=service, topics=service_topics)
    return service


FACTS_ENTRY_KEYS = ("id", "name", "checked")


def read_facts(path: Path) -> list[dict[str, Any]]:
    """The entries of a facts file, or an ApplicationError saying why it is not one (an HSDS
    export, a CSV file, a list, ...), so nothing is loaded from the wrong kind of file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ApplicationError(f"Cannot read {path}: {error}") from error
    hint = (
        f"{path.name} is not a samen facts file (the format of nl-support-services.yaml: "
        "a mapping with a 'services' list of entries with id, name and checked)"
    )
    if not isinstance(raw, dict) or not isinstance(raw.get("services"), list):
        looks_hsds = isinstance(raw, list | dict) and "organization_id" in str(raw)[:5000]
        raise ApplicationError(hint + ("; it looks like HSDS data." if looks_hsds else "."))
    for position, entry in enumerate(raw["services"]):
        if not isinstance(entry, dict) or any(key not in entry for key in FACTS_ENTRY_KEYS):
            raise ApplicationError(f"{hint}: entry {position + 1} lacks id, name or checked.")
    return raw["services"]


def directory_load(*, actor: Actor, path: Path, retire_missing: bool = False) -> LoadReport:
    """Load every entry of the facts file (idempotent). Entries no longer in it are retired
    (set inactive, never deleted) only with `retire_missing`; otherwise they are counted.

    The file's `inactive` list is never loaded; what it marks `unconfirmed` has no field here,
    so it is never shown as a fact.
    """
    entries = read_facts(path)
    with transaction.atomic():
        taxonomy = taxonomy_load(actor=actor)
        vocabulary_load(actor=actor, taxonomy=taxonomy)
        topics = {term.code: term for term in taxonomy.terms.all()}
        # Texts of an entry that left the file are not used.
        translations, file_statuses = load_translations()
        splits, warnings = professional.split_entries(entries, path.name)
        loaded = [
            _load_entry(entry, topics, translations, file_statuses, splits[entry["id"]])
            for entry in entries
        ]
        gone = (
            Service.objects.filter(external_id__isnull=False, is_demo=False)
            .exclude(external_id__in=[s.external_id for s in loaded])
            .exclude(status=Service.Status.INACTIVE)
        )
        retired = missing = 0
        if retire_missing:
            ServiceSearchDocument.objects.filter(service__in=gone).delete()
            retired = gone.update(status=Service.Status.INACTIVE, updated_at=timezone.now())
        else:
            missing = gone.count()
        report = LoadReport(
            organizations=len({s.organization_id for s in loaded}),
            services=len(loaded),
            retired=retired,
            missing=missing,
            warnings=tuple(warnings),
        )
        audit_record(
            actor=actor,
            action="directory.loaded",
            data={
                "source": path.name,
                "services": report.services,
                "retired": report.retired,
                "missing": report.missing,
                **({"warnings": list(report.warnings)} if report.warnings else {}),
            },
        )
    refresh_planner_statistics()
    return report

"""What a translator sees: per record and field the source text beside the text in their
language, with its status."""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from . import kinds
from .status import TextStatus

# A text with no status entry: the listing's own text in the facts file (or demo data).
SOURCE = "source"


@dataclass(frozen=True)
class FieldState:
    key: str
    label: str | Promise
    multiline: bool
    source_language: str
    source_text: str
    text: str
    status: str  # "" (no text yet), SOURCE, or a TextStatus
    reviewer: str
    on: str

    @property
    def needs_work(self) -> bool:
        return not self.text or self.status == TextStatus.DRAFT


@dataclass(frozen=True)
class Item:
    kind: kinds.Kind
    obj: Any
    title: str
    fields: list[FieldState]

    @property
    def needs_work(self) -> bool:
        return any(field.needs_work for field in self.fields)


def source_of(values: dict[str, str], language: str) -> tuple[str, str]:
    """The text a translation is made from: Dutch, else English, else any other language."""
    for code in ("nl", "en", *sorted(values)):
        if code != language and values.get(code):
            return code, values[code]
    return "", ""


def field_states(kind: kinds.Kind, obj: Any, language: str) -> list[FieldState]:
    """The fields of ``obj`` that have a text to translate from."""
    states = []
    for field in kinds.text_fields(kind, obj):
        values = kinds.values_of(obj, field.key)
        source_language, source_text = source_of(values, language)
        if not source_text:
            continue
        entry = (obj.text_status or {}).get(field.key, {}).get(language, {})
        text = values.get(language, "")
        states.append(
            FieldState(
                key=field.key,
                label=field.label,
                multiline=field.multiline,
                source_language=source_language,
                source_text=source_text,
                text=text,
                status=str(entry.get("status", SOURCE if text else "")),
                reviewer=str(entry.get("reviewer", "")),
                on=str(entry.get("on", "")),
            )
        )
    return states


def _records(kind: kinds.Kind) -> Any:
    records = kind.queryset()
    return records.prefetch_related("phones") if kind.has_phones else records


def work_list(language: str, kind: kinds.Kind, *, only_todo: bool) -> list[Item]:
    items = []
    for obj in _records(kind):
        states = field_states(kind, obj, language)
        item = Item(kind, obj, kind.title(obj), states)
        if states and (item.needs_work or not only_todo):
            items.append(item)
    return items


def item_for(language: str, kind: kinds.Kind, obj: Any) -> Item:
    return Item(kind, obj, kind.title(obj), field_states(kind, obj, language))


@dataclass(frozen=True)
class Progress:
    kind: kinds.Kind
    missing: int
    draft: int
    checked: int


def progress(language: str) -> list[Progress]:
    """Per kind: how many texts are missing in ``language``, draft, and checked or own."""
    figures = []
    for kind in kinds.KINDS.values():
        states = [s for obj in _records(kind) for s in field_states(kind, obj, language)]
        figures.append(
            Progress(
                kind,
                missing=sum(1 for s in states if not s.text),
                draft=sum(1 for s in states if s.text and s.status == TextStatus.DRAFT),
                checked=sum(1 for s in states if s.text and s.status != TextStatus.DRAFT),
            )
        )
    return figures

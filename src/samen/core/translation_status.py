"""Honest translation status of the interface: per language, source / draft / reviewed
(by whom and when), from locale/status.yaml. A translation is never reviewed without a reviewer.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

STATUSES = ("source", "draft", "reviewed")


@dataclass(frozen=True)
class CatalogueStatus:
    language: str
    status: str
    reviewer: str = ""
    reviewed: dt.date | None = None

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


def parse_status(language: str, entry: dict[str, object]) -> CatalogueStatus:
    status = str(entry.get("status", ""))
    if status not in STATUSES:
        raise ImproperlyConfigured(f"locale/status.yaml: {language}: unknown status {status!r}")
    reviewer = str(entry.get("reviewer") or "").strip()
    reviewed = entry.get("reviewed")
    if status == "reviewed" and not (reviewer and isinstance(reviewed, dt.date)):
        raise ImproperlyConfigured(
            f"locale/status.yaml: {language}: 'reviewed' needs a reviewer and a date"
        )
    return CatalogueStatus(
        language,
        status,
        reviewer,
        reviewed if isinstance(reviewed, dt.date) else None,
    )


@cache
def _statuses(path: Path) -> dict[str, CatalogueStatus]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {code: parse_status(code, entry) for code, entry in raw.items()}


def catalogue_status(language: str) -> CatalogueStatus:
    """A language missing from the file counts as a draft: never as reviewed."""
    statuses = _statuses(Path(settings.LOCALE_PATHS[0]) / "status.yaml")
    return statuses.get(language) or CatalogueStatus(language, "draft")

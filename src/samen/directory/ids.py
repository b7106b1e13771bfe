"""Stable ids for records that come from a source: the same source and external id give the same
UUID on every installation (UUID v5), so other directories can sync against samen's HSDS ids."""

import uuid
from typing import Any, TypeVar

from django.db.models import Model

ID_NAMESPACE = uuid.UUID("2b6c1f4e-8d7a-5e3b-9c41-7f0a6d2e8b15")
FACTS_SOURCE = "nl-support-services"

M = TypeVar("M", bound=Model)


def stable_uuid(source: str, *parts: object) -> uuid.UUID:
    """The id of the record `parts` (e.g. "service", external id) of `source`."""
    return uuid.uuid5(ID_NAMESPACE, ":".join([source, *(str(part) for part in parts)]))


def upsert(
    model: type[M], *, lookup: dict[str, Any], values: dict[str, Any], uuid: uuid.UUID
) -> tuple[M, bool]:
    """Create the record or bring it to `values` and the stable `uuid`; save only what differs, so
    its `updated_at` (HSDS last_modified) moves only when its content changed. Returns
    (record, changed). `values` names foreign keys by their `<name>_id` column."""
    record = model._default_manager.filter(**lookup).first()
    if record is None:
        return model._default_manager.create(uuid=uuid, **lookup, **values), True
    changed = [field for field, value in values.items() if getattr(record, field) != value]
    if record.uuid != uuid:  # type: ignore[attr-defined]
        changed.append("uuid")
    for field in changed:
        setattr(record, field, uuid if field == "uuid" else values[field])
    if changed:
        record.save()
    return record, bool(changed)

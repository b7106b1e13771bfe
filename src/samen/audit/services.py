"""Writing audit entries (callers do so inside their own transaction) and checking the chain."""

import hashlib
import ipaddress
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from samen.accounts.models import User

from .models import AuditEntry


@dataclass(frozen=True)
class SystemActor:
    """An operator's console command or a scheduled job, acting without a user account."""

    name: str


Actor = User | SystemActor


def audit_record(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    on_behalf_of: str = "",
    ip_address: str | None = None,
) -> AuditEntry:
    user = actor if isinstance(actor, User) else None
    label = actor.get_username() if isinstance(actor, User) else f"system:{actor.name}"
    entry = AuditEntry(
        at=timezone.now(),
        action=action,
        actor_user=user,
        actor_label=label,
        on_behalf_of=on_behalf_of,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
        # As the database will return it, so the hash matches when it is checked.
        ip_address=str(ipaddress.ip_address(ip_address)) if ip_address else None,
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One writer at a time extends the chain (held until the caller's commit);
            # SQLite serialises writers already.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry.previous_hash = last or ""
        entry.hash = entry_hash(entry)
        entry.save()
    return entry


CHAIN_LOCK = 7_351_001


def entry_hash(entry: AuditEntry) -> str:
    fields = {
        "previous": entry.previous_hash,
        "at": entry.at.isoformat(),
        "action": entry.action,
        "actor_user": entry.actor_user_id,
        "actor_label": entry.actor_label,
        "on_behalf_of": entry.on_behalf_of,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "data": entry.data,
        "ip_address": entry.ip_address,
    }
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def chain_breaks() -> Iterator[AuditEntry]:
    """Entries whose hash does not match their content or whose link to the entry before
    them is broken: a change, an insertion or a removal since they were written."""
    previous = ""
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.previous_hash != previous or entry.hash != entry_hash(entry):
            yield entry
        previous = entry.hash

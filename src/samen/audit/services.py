"""Writing audit entries (callers do so inside their own transaction) and checking the chain."""

import hashlib
import hmac
import ipaddress
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
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
        chain_version=CHAIN_VERSION,
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


# Entries are written with this version of the chain (see AuditEntry.chain_version).
CHAIN_VERSION = 2


def audit_key() -> bytes:
    key = settings.AUDIT_KEY
    if not key:
        raise ImproperlyConfigured("Set SAMEN_AUDIT_KEY (see docs/operations.md, Audit log).")
    return key.encode()


def audit_key_id() -> str:
    """Names the audit key without revealing it (for backup manifests): an HMAC of a fixed
    text, so two installations can tell whether they share the key."""
    return hmac.new(audit_key(), b"samen audit key id", hashlib.sha256).hexdigest()[:12]


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
    # Historical models (migration 0002) have no version: their entries are version 1.
    version = getattr(entry, "chain_version", 1)
    if version == 1:
        canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()
    canonical = json.dumps(
        {**fields, "version": version}, sort_keys=True, ensure_ascii=False, default=str
    )
    return hmac.new(audit_key(), canonical.encode(), hashlib.sha256).hexdigest()


def chain_breaks() -> Iterator[AuditEntry]:
    """Entries whose hash does not match their content or whose link to the entry before
    them is broken: a change, an insertion or a removal since they were written. An unkeyed
    (version 1) entry after a keyed one is a break too: the chain never goes back to plain
    hashes, so rewriting the newest entries as unkeyed ones cannot pass."""
    previous = ""
    highest_version = 1
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if (
            entry.previous_hash != previous
            or entry.chain_version < highest_version
            or entry.hash != entry_hash(entry)
        ):
            yield entry
        previous = entry.hash
        highest_version = max(highest_version, entry.chain_version)

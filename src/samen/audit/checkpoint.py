"""Signed checkpoints of the audit chain: how long it was and how it ended at the last check.

The hash chain shows a changed or removed entry in the middle, but not the newest entries
removed from the end: what is left is still a valid chain. So `samen audit-verify` writes a
checkpoint (entry count, id and hash of the last entry), signed with SAMEN_AUDIT_KEY, and the
next run checks that the chain still reaches it. The checkpoint is one line of text, printed
and logged as well, so it can be kept off the host (a log shipper, an e-mail) where whoever
changes the database cannot change it too.
"""

import datetime as dt
import hashlib
import hmac
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import AuditEntry
from .services import audit_key

PREFIX = "samen-audit-checkpoint/1"


class CheckpointError(Exception):
    """A checkpoint that is not samen's, not signed with this key, or that the log no longer
    reaches (its message says which)."""


@dataclass(frozen=True)
class Checkpoint:
    count: int
    last_id: int
    last_hash: str
    at: dt.datetime

    def payload(self) -> str:
        return (
            f"{PREFIX} count={self.count} last_id={self.last_id} last_hash={self.last_hash} "
            f"at={self.at.isoformat(timespec='seconds')}"
        )

    def line(self) -> str:
        return f"{self.payload()} sig={_signature(self.payload())}"


def _signature(payload: str) -> str:
    return hmac.new(audit_key(), f"checkpoint:{payload}".encode(), hashlib.sha256).hexdigest()


def parse(line: str) -> Checkpoint:
    payload, _separator, signature = line.strip().rpartition(" sig=")
    if not payload.startswith(f"{PREFIX} ") or not hmac.compare_digest(
        signature, _signature(payload)
    ):
        raise CheckpointError(
            "The audit checkpoint is not signed with this SAMEN_AUDIT_KEY: it was changed, "
            "or the key is not the one it was made with."
        )
    fields = dict(part.split("=", 1) for part in payload.removeprefix(f"{PREFIX} ").split())
    return Checkpoint(
        count=int(fields["count"]),
        last_id=int(fields["last_id"]),
        last_hash=fields["last_hash"],
        at=dt.datetime.fromisoformat(fields["at"]),
    )


def current() -> Checkpoint:
    """The checkpoint of the log as it is now (call after checking the chain)."""
    last = AuditEntry.objects.order_by("-id").values("id", "hash").first()
    # Counted up to the last entry read: entries written meanwhile belong to the next check.
    return Checkpoint(
        count=AuditEntry.objects.filter(pk__lte=last["id"]).count() if last else 0,
        last_id=last["id"] if last else 0,
        last_hash=last["hash"] if last else "",
        at=timezone.now(),
    )


def check_reaches(checkpoint: Checkpoint) -> None:
    """Raise CheckpointError unless the log still holds every entry up to the checkpoint's."""
    if checkpoint.count == 0:
        return
    last = AuditEntry.objects.filter(pk=checkpoint.last_id).values_list("hash", flat=True)
    up_to = AuditEntry.objects.filter(pk__lte=checkpoint.last_id).count()
    if list(last) != [checkpoint.last_hash] or up_to != checkpoint.count:
        total = AuditEntry.objects.count()
        raise CheckpointError(
            f"The audit log was cut short: at the check of {checkpoint.at:%Y-%m-%d %H:%M} it "
            f"held {checkpoint.count} entries ending with entry {checkpoint.last_id}; now "
            f"{up_to} of those remain ({total} entries in all). Entries were removed, or an "
            "older backup was restored (docs/operations.md, Audit log)."
        )


def read_saved(path: Path | None = None) -> Checkpoint | None:
    path = path or settings.AUDIT_CHECKPOINT_FILE
    try:
        text = path.read_text()
    except FileNotFoundError:
        return None
    return parse(text)


def save(checkpoint: Checkpoint, path: Path | None = None) -> None:
    """Replace the saved checkpoint at once (a crash leaves the old one or the new one)."""
    path = path or settings.AUDIT_CHECKPOINT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".audit-checkpoint-")
    with os.fdopen(descriptor, "w") as file:  # mkstemp creates it 0600
        file.write(checkpoint.line() + "\n")
    os.replace(temporary, path)

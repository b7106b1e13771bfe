"""The keyed chain and its signed checkpoint: truncation, edits and rewritten hashes are
caught; a log that only grows passes."""

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from samen.audit import checkpoint
from samen.audit.models import AuditEntry
from samen.audit.services import SystemActor, audit_record, chain_breaks, entry_hash
from tests.audit.test_audit_log import entries, raw


def verify(*args):
    out = []

    class Out:
        def write(self, text):
            out.append(text)

    call_command("audit_verify", *args, stdout=Out())
    return "".join(out)


def test_a_growing_log_passes_every_run_and_prints_a_signed_checkpoint(db, settings):
    entries(3)
    first = verify()
    entries(2)
    second = verify()
    line = second.strip().splitlines()[-1]
    assert "count=5" in line and line.startswith(checkpoint.PREFIX) and " sig=" in line
    assert "count=3" in first
    assert settings.AUDIT_CHECKPOINT_FILE.read_text().strip() == line
    assert settings.AUDIT_CHECKPOINT_FILE.stat().st_mode & 0o777 == 0o600


def test_removing_the_newest_entries_is_caught_by_the_checkpoint(db):
    kept = entries(3)
    removed = entries(2)
    verify()
    with transaction.atomic():
        raw("DELETE FROM audit_auditentry WHERE id >= %s", [removed[0].pk])
    # The chain alone is still valid: only the checkpoint shows the cut.
    assert list(chain_breaks()) == []
    with pytest.raises(CommandError, match=r"cut short: .* held 5 entries .* now 3 of those"):
        verify()
    assert AuditEntry.objects.count() == len(kept)


def test_removing_the_newest_entries_and_writing_new_ones_is_caught(db):
    entries(3)
    verify()
    with transaction.atomic():
        raw("DELETE FROM audit_auditentry WHERE id = (SELECT MAX(id) FROM audit_auditentry)", [])
    entries(4)
    with pytest.raises(CommandError, match="cut short"):
        verify()


def test_an_edited_entry_is_caught(db):
    _first, second, _third = entries(3)
    verify()
    with transaction.atomic():
        raw("UPDATE audit_auditentry SET target_id = 'x' WHERE id = %s", [second.pk])
    with pytest.raises(CommandError, match=f"breaks at entry {second.pk}"):
        verify()


def test_hashes_recomputed_without_the_key_do_not_verify(db):
    """Whoever edits the database without SAMEN_AUDIT_KEY cannot make a matching chain, not
    even by marking the entries as old unkeyed ones."""
    first, second = entries(2)
    with transaction.atomic():
        second.action = "test.forged"
        second.chain_version = 1
        forged = entry_hash(second)
        raw(
            "UPDATE audit_auditentry SET action = %s, chain_version = 1, hash = %s WHERE id = %s",
            ["test.forged", forged, second.pk],
        )
    assert [entry.pk for entry in chain_breaks()] == [second.pk]
    assert first.chain_version == 2


def test_a_changed_key_breaks_the_chain(db, settings):
    (entry,) = entries(1)
    settings.AUDIT_KEY = "another-audit-key-0123456789abcdefgh"
    assert [broken.pk for broken in chain_breaks()] == [entry.pk]


def test_a_forged_or_foreign_checkpoint_is_refused(db, settings):
    entries(2)
    verify()
    line = settings.AUDIT_CHECKPOINT_FILE.read_text()
    settings.AUDIT_CHECKPOINT_FILE.write_text(line.replace("count=2", "count=1"))
    with pytest.raises(CommandError, match="not signed with this SAMEN_AUDIT_KEY"):
        verify()


def test_a_checkpoint_kept_off_the_host_is_checked_too(db, settings):
    entries(3)
    off_host = verify().strip().splitlines()[-1]
    with transaction.atomic():
        raw("DELETE FROM audit_auditentry WHERE id = (SELECT MAX(id) FROM audit_auditentry)", [])
    # The host's own checkpoint file was removed along with the entries.
    settings.AUDIT_CHECKPOINT_FILE.unlink()
    verify()
    with pytest.raises(CommandError, match="cut short"):
        verify("--checkpoint", off_host)


def test_a_reset_accepts_the_log_as_it_is_and_is_audited(db):
    entries(3)
    verify()
    with transaction.atomic():
        raw("DELETE FROM audit_auditentry WHERE id = (SELECT MAX(id) FROM audit_auditentry)", [])
    verify("--reset-checkpoint")
    assert AuditEntry.objects.order_by("-id")[0].action == "audit.checkpoint_reset"
    verify()


def test_entries_from_before_the_keyed_chain_still_verify(db):
    """Migration 0003 marks existing entries version 1: plain SHA-256, checked as written."""
    old = AuditEntry(
        at=audit_record(actor=SystemActor("test"), action="test.seed").at,
        action="test.old",
        actor_label="system:test",
        data={"n": 1},
        chain_version=1,
    )
    with transaction.atomic():
        raw("DELETE FROM audit_auditentry", [])
    old.previous_hash = ""
    fields = {
        "previous": "",
        "at": old.at.isoformat(),
        "action": "test.old",
        "actor_user": None,
        "actor_label": "system:test",
        "on_behalf_of": "",
        "target_type": "",
        "target_id": "",
        "data": {"n": 1},
        "ip_address": None,
    }
    old.hash = hashlib.sha256(
        json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()
    assert entry_hash(old) == old.hash
    old.save()
    new = audit_record(actor=SystemActor("test"), action="test.new")
    assert new.chain_version == 2 and new.previous_hash == old.hash
    assert list(chain_breaks()) == []

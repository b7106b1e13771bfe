"""samen audit-verify: check that no audit entry was changed, inserted or removed, and that
the log still reaches the signed checkpoint of the last run (no entries cut off the end)."""

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.audit import checkpoint
from samen.audit.models import AuditEntry
from samen.audit.services import SystemActor, audit_record, chain_breaks

logger = logging.getLogger("samen.audit.checkpoint")


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain and that it still reaches the last signed checkpoint; "
        "exits with an error at the first break. Prints the new checkpoint line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint",
            metavar="LINE",
            help="also check against this checkpoint line (one kept off the host)",
        )
        parser.add_argument(
            "--reset-checkpoint",
            action="store_true",
            help="after restoring an older backup: accept the log as it is now (audited)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        broken = next(chain_breaks(), None)
        if broken is not None:
            raise CommandError(
                f"The audit log was changed: the chain breaks at entry {broken.pk} "
                f"({broken.at:%Y-%m-%d %H:%M:%S} {broken.action})."
            )
        try:
            earlier = [checkpoint.parse(options["checkpoint"])] if options["checkpoint"] else []
            saved = checkpoint.read_saved()
            if options["reset_checkpoint"]:
                audit_record(
                    actor=SystemActor("audit-verify"),
                    action="audit.checkpoint_reset",
                    data={"previous_count": saved.count if saved else 0},
                )
            elif saved is not None:
                earlier.append(saved)
            for point in earlier:
                checkpoint.check_reaches(point)
        except checkpoint.CheckpointError as error:
            raise CommandError(str(error)) from error
        now = checkpoint.current()
        checkpoint.save(now)
        # Logged as well, so a log shipper carries it off the host.
        logger.info("%s", now.line())
        self.stdout.write(f"The audit log is intact ({AuditEntry.objects.count()} entries).")
        self.stdout.write(now.line())

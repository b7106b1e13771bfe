"""samen audit-verify: check that no audit entry was changed, inserted or removed."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samen.audit.models import AuditEntry
from samen.audit.services import chain_breaks


class Command(BaseCommand):
    help = "Check the audit log's hash chain; exits with an error at the first break."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = next(chain_breaks(), None)
        if broken is not None:
            raise CommandError(
                f"The audit log was changed: the chain breaks at entry {broken.pk} "
                f"({broken.at:%Y-%m-%d %H:%M:%S} {broken.action})."
            )
        self.stdout.write(f"The audit log is intact ({AuditEntry.objects.count()} entries).")

"""samen restore DIR: a backup into an empty database, checked against its manifest."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.audit.services import SystemActor, audit_record
from samen.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder into the configured (empty) database; refuses when a key "
        "the data needs is missing, and checks counts and decryption afterwards."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_restore(folder=options["folder"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        audit_record(
            actor=SystemActor("restore"),
            action="backup.restored",
            data={"tables": report.tables, "rows": report.rows},
        )
        self.stdout.write(
            f"Restored {report.rows} rows in {report.tables} tables; counts match the manifest "
            f"and all {report.encrypted_values} encrypted values decrypt. Run "
            "`samen audit-verify` next."
        )

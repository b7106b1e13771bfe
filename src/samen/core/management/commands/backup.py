"""samen backup --output DIR: the database, the uploaded files and a manifest (no keys)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.audit.services import SystemActor, audit_record
from samen.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and uploaded files into a new folder, with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="a new or empty folder")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_create(output=options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        audit_record(
            actor=SystemActor("backup"),
            action="backup.created",
            data={"tables": len(manifest["tables"]), "rows": rows},
        )
        self.stdout.write(
            f"Backed up {rows} rows in {len(manifest['tables'])} tables to {options['output']} "
            f"(keys used: {', '.join(manifest['encryption_key_ids_in_use']) or 'none'}; "
            "the keys themselves are not in it)."
        )

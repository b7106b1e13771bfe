"""samen import-hsds: import HSDS 3.0 services from another directory, or preview the import."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.audit.services import SystemActor
from samen.core.errors import ApplicationError
from samen.imports.importer import ImportRefused, hsds_import
from samen.imports.reader import read_path


class Command(BaseCommand):
    help = (
        "Import HSDS 3.0 JSON (one service, a list page, an array, ndjson) or the CSV "
        "datapackage (a folder, its datapackage.json or a zip) as the records of one source."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--source", required=True, help="the directory the file comes from")
        parser.add_argument("--language", default="nl", help="language of the file's texts")
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would change; write nothing"
        )
        parser.add_argument(
            "--retire-missing",
            action="store_true",
            help="set this source's services that the file no longer has inactive",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = hsds_import(
                actor=SystemActor("import-hsds"),
                source=options["source"],
                records=read_path(options["path"]),
                language=options["language"],
                retire_missing=options["retire_missing"],
                dry_run=options["dry_run"],
                file_name=options["path"].name,
            )
        except ImportRefused as refused:
            for line in refused.errors:
                self.stderr.write(line)
            raise CommandError(refused.message) from refused
        except ApplicationError as error:
            raise CommandError(error.message) from error
        would = "Would import" if report.dry_run else "Imported"
        self.stdout.write(f"{would} from {report.source}:")
        for title, names in (
            ("new", report.new),
            ("changed", report.changed),
            ("unchanged", report.unchanged),
            ("retired", report.retired),
            ("missing from the file, left as they are", report.missing),
        ):
            self.stdout.write(f"  {title}: {len(names)}")
            for name in names:
                self.stdout.write(f"    {name}")
        self.stdout.write(
            "  locations: {new} new, {changed} changed, {unchanged} unchanged, "
            "{removed} removed".format(**report.locations)
        )
        if report.missing:
            self.stdout.write("Run with --retire-missing to set the missing services inactive.")

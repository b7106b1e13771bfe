"""samen load-directory: load the real national services from the facts file (idempotent)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.audit.services import SystemActor
from samen.core.errors import ApplicationError
from samen.directory.loader import directory_load


class Command(BaseCommand):
    help = "Load every entry of nl-support-services.yaml with its sources and checked date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=settings.DIRECTORY_SOURCE_FILE)
        parser.add_argument(
            "--retire-missing",
            action="store_true",
            help="set services no longer in the file inactive (without it they stay as they are)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = directory_load(
                actor=SystemActor("load-directory"),
                path=options["file"],
                retire_missing=options["retire_missing"],
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"Loaded {report.services} services of {report.organizations} organisations; "
            f"retired {report.retired}."
        )
        if report.missing:
            self.stdout.write(
                f"{report.missing} services are no longer in the file and were left as they "
                "were; run with --retire-missing to set them inactive."
            )
        for warning in report.warnings:
            # The text stays whole (nothing is lost); for-professionals.yaml needs updating.
            self.stderr.write(f"Warning: {warning}")

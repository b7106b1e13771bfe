"""samen load-toolkits: the toolkits listed in the facts file, with their sources (idempotent)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from samen.audit.services import SystemActor
from samen.sessions.services import toolkits_load


class Command(BaseCommand):
    help = "Load the toolkits of nl-support-services.yaml."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=settings.DIRECTORY_SOURCE_FILE)

    def handle(self, *args: Any, **options: Any) -> None:
        count = toolkits_load(actor=SystemActor("load-toolkits"), path=options["file"])
        self.stdout.write(f"Loaded {count} toolkits.")

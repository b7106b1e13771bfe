"""samen export-hsds: write every service as Open Referral HSDS 3.0 JSON."""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from samen.api.history import with_history
from samen.api.selectors import ServiceQuery, services
from samen.api.serializers import service_to_hsds
from samen.audit.services import SystemActor, audit_record


class Command(BaseCommand):
    help = "Write every service as a fully nested HSDS 3.0 service object (a JSON array)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="file to write (default: stdout)")
        parser.add_argument("--language", default="nl")
        parser.add_argument("--include-demo", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        stream = options["output"].open("w", encoding="utf-8") if options["output"] else sys.stdout
        count = 0
        try:
            stream.write("[")
            query = ServiceQuery(include_demo=options["include_demo"])
            for service, changes in with_history(services(query).iterator(chunk_size=500)):
                item = service_to_hsds(service, options["language"], changes)
                stream.write(("," if count else "") + "\n" + json.dumps(item, ensure_ascii=False))
                count += 1
            stream.write("\n]\n")
        finally:
            if options["output"]:
                stream.close()
        with transaction.atomic():
            audit_record(
                actor=SystemActor("export-hsds"),
                action="directory.exported",
                data={"format": "hsds-3.0", "services": count, "language": options["language"]},
            )
        if options["output"]:
            self.stderr.write(f"Wrote {count} services to {options['output']}.")

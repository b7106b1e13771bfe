"""samen translations export --language ti [--output DIR]
samen translations import FILE [--dry-run] [--reviewer NAME]

Export writes a language's interface catalogue and its content values as PO files a translator
or a Weblate-style tool works in; import shows what changes and writes them back."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.audit.services import SystemActor
from samen.core.errors import ApplicationError
from samen.translations import services


class Command(BaseCommand):
    help = "Export a language's texts for translators, or import a translated file."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        export = commands.add_parser("export", help="write <language>-interface.po and -content.po")
        export.add_argument("--language", required=True)
        export.add_argument("--output", type=Path, default=Path("translations"))
        load = commands.add_parser("import", help="read a translated PO file back")
        load.add_argument("file", type=Path)
        load.add_argument("--dry-run", action="store_true", help="only show what would change")
        load.add_argument(
            "--reviewer",
            default="",
            help="the native speaker who reviewed the file: marks its texts reviewed",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = SystemActor("translations")
        try:
            if options["action"] == "export":
                for path in services.translations_export(
                    actor=actor, language=options["language"], output=options["output"]
                ):
                    self.stdout.write(f"wrote {path}")
                return
            if options["dry_run"]:
                plan = services.translations_plan(options["file"])
            else:
                plan = services.translations_import(
                    actor=actor, path=options["file"], reviewer=options["reviewer"]
                )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        verb = "would change" if options["dry_run"] else "changed"
        self.stdout.write(
            f"{plan.language} {plan.kind}: {verb} {len(plan.new)} new and {len(plan.changed)} "
            f"changed, {plan.unchanged} unchanged, {len(plan.unknown)} unknown (ignored), "
            f"{len(plan.invalid)} invalid"
        )
        for label in plan.new:
            self.stdout.write(f"  new: {label}")
        for label in plan.changed:
            self.stdout.write(f"  changed: {label}")
        for label in plan.invalid:
            self.stdout.write(f"  invalid placeholders: {label}")
        if not options["dry_run"] and options["reviewer"]:
            self.stdout.write(f"marked reviewed by {options['reviewer']}")

"""samen messages: update the interface catalogue of every language in settings, then compile.

The language list comes from settings.LANGUAGES, so a new language needs no change here.
"""

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Update every language's interface catalogue from the code and compile them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-compile", action="store_true", help="only update the .po catalogues"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        languages = [code for code, _name in settings.LANGUAGES]
        # makemessages reads the code below the current folder and writes to LOCALE_PATHS.
        os.chdir(settings.BASE_DIR)
        call_command("makemessages", locale=languages, no_obsolete=True, verbosity=0)
        if not options["no_compile"]:
            call_command("compilemessages", locale=languages, verbosity=0)
        self.stdout.write(f"Catalogues updated: {', '.join(languages)}")

"""samen setup: bring a database up to date and load the real directory (safe to repeat)."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate the database and load the real national services."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        # The shared cache (rate limits, single-use stamps) is a table unless Redis is set.
        call_command("createcachetable", verbosity=0)
        # The shipped facts file is the whole real directory: what left it is retired.
        call_command("load_directory", retire_missing=True)
        call_command("load_toolkits")

"""samen purge-pending-imports: delete uploaded HSDS files whose preview was not applied within
an hour (PENDING_IMPORT_MINUTES). Run daily by the worker; an upload also purges them."""

from typing import Any

from django.core.management.base import BaseCommand

from samen.imports.services import purge_pending_imports


class Command(BaseCommand):
    help = "Delete uploaded HSDS files not applied within an hour of their preview."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Deleted {purge_pending_imports()} pending imports.")

"""samen purge-form-keys: delete the single-use keys of forms once they are too old to be
accepted anyway (three days). Run daily by the worker."""

from typing import Any

from django.core.management.base import BaseCommand

from samen.web.once import purge_form_keys


class Command(BaseCommand):
    help = "Delete the single-use keys of forms sent more than three days ago."

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_form_keys()
        self.stdout.write(f"Deleted {count} form keys.")

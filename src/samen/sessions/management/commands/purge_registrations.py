"""samen purge-registrations: erase registrants' personal data after the retention period
(SAMEN_REGISTRATION_RETENTION_DAYS, default 30 days after the session). Run daily."""

from typing import Any

from django.core.management.base import BaseCommand

from samen.sessions.services import purge_registrations


class Command(BaseCommand):
    help = "Erase nicknames, contacts and needs of registrations of sessions past retention."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Erased {purge_registrations()} registrations.")

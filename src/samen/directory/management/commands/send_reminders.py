"""samen send-reminders: ask owners of listings checked six months ago to confirm them.

Run it once a day from a scheduler (see docs/operations.md); running it twice sends nothing new.
"""

from typing import Any

from django.core.management.base import BaseCommand

from samen.audit.services import SystemActor
from samen.directory.freshness import freshness_send_reminders


class Command(BaseCommand):
    help = "E-mail owners and editors of listings that are due for a check."

    def handle(self, *args: Any, **options: Any) -> None:
        count = freshness_send_reminders(actor=SystemActor("send-reminders"))
        self.stdout.write(f"Reminded the owners of {count} listings.")

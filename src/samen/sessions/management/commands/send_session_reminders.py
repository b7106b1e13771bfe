"""samen send-session-reminders: remind registrants of tomorrow's sessions (run daily).

Running it twice sends nothing new: each registration is reminded once.
"""

from typing import Any

from django.core.management.base import BaseCommand

from samen.sessions.services import send_reminders


class Command(BaseCommand):
    help = "Send the day-before reminder to registrants who left a contact."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Sent {send_reminders()} reminders.")

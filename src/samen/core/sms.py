"""Text messages (session reminders to registrants who left a phone number).

Backends, chosen with SAMEN_SMS_BACKEND: "disabled" (default: nothing is sent), "console"
(development: printed) and "locmem" (tests: kept in ``outbox``). A provider for production is
plugged in here; see docs/operations.md.
"""

import sys
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str


outbox: list[TextMessage] = []


def enabled() -> bool:
    """Whether text messages can be sent at all; if not, nobody is asked for a number."""
    return settings.SMS_BACKEND in ("locmem", "console")


def send(to: str, body: str) -> bool:
    backend = settings.SMS_BACKEND
    if backend == "locmem":
        outbox.append(TextMessage(to, body))
        return True
    if backend == "console":
        sys.stdout.write(f"SMS to {to}:\n{body}\n")
        return True
    return False

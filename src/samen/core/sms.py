"""Text messages (session reminders and changes to registrants who left a mobile number).

Backends, chosen with SAMEN_SMS_BACKEND: "disabled" (default: nothing is sent, and forms do not
ask for a number), "console" (development: printed), "locmem" (tests: kept in ``outbox``) and
"cm" (CM.com's messaging gateway, a Dutch provider; see docs/operations.md). The gateway's
request format follows CM.com's own SDK (github.com/cmdotcom/text-sdk-python,
cm_text/text_client.py): one JSON POST with the product token, sender, recipients and body.
"""

import json
import logging
import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str


outbox: list[TextMessage] = []


def enabled() -> bool:
    """Whether text messages can be sent at all; if not, nobody is asked for a number."""
    backend = settings.SMS_BACKEND
    return backend in ("locmem", "console") or (backend == "cm" and bool(settings.SMS_CM_TOKEN))


def international(number: str) -> str:
    """A Dutch or international mobile number as the gateway wants it: 00 and country code
    (a Dutch 06 number becomes 00316..., +32 becomes 0032...)."""
    digits = re.sub(r"[^\d+]", "", number)
    if digits.startswith("+"):
        return "00" + digits[1:]
    if digits.startswith("00"):
        return digits
    if digits.startswith("0"):
        return "0031" + digits[1:]
    return digits


def send(to: str, body: str) -> bool:
    """Send one message; True when the backend accepted it. Failures are logged without the
    number or the text."""
    backend = settings.SMS_BACKEND
    if backend == "locmem":
        outbox.append(TextMessage(to, body))
        return True
    if backend == "console":
        sys.stdout.write(f"SMS to {to}:\n{body}\n")
        return True
    if backend == "cm" and settings.SMS_CM_TOKEN:
        return _send_cm(international(to), body)
    return False


def _send_cm(to: str, body: str) -> bool:
    payload = {
        "messages": {
            "authentication": {"producttoken": settings.SMS_CM_TOKEN},
            "msg": [
                {
                    "allowedChannels": ["SMS"],
                    "from": settings.SMS_SENDER,
                    "to": [{"number": to}],
                    "body": {"type": "auto", "content": body},
                    # Reminders in Arabic script need Unicode, so more than one part.
                    "minimumNumberOfMessageParts": 1,
                    "maximumNumberOfMessageParts": 8,
                }
            ],
        }
    }
    request = urllib.request.Request(  # noqa: S310 (the gateway URL is configuration, https)
        settings.SMS_CM_URL,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10):  # noqa: S310 (raises unless 2xx)
            return True
    except urllib.error.HTTPError as error:
        logger.warning("Text message gateway refused a message (HTTP %s)", error.code)
    except (urllib.error.URLError, TimeoutError) as error:
        logger.warning("Text message gateway unreachable: %s", type(error).__name__)
    return False

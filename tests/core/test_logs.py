"""The logs are JSON lines that never hold a query string, a search text or a personal value:
captured from the real handler over a search, a referral and a session registration while
the mail server refuses (so the outbox has failures to log)."""

import io
import json
import logging
import re

import pytest
import structlog

from samen.referrals.models import Referral
from samen.sessions.models import Registration
from tests.factories import client_for, form_key, info_session
from tests.referrals.conftest import referral_world, url  # noqa: F401
from tests.referrals.test_pages import form_fields

SEARCH = "verborgen zoekwoorden"
PERSONAL = [
    "Q.W. Nachtuil",
    "0611122233",
    "nachtuil@example.org",
    "Alleen na acht uur",
    "Nachtegaal",
    "nachtegaal@example.org",
    "0644455566",
]


@pytest.fixture
def log_lines():
    """What the configured handler writes, samen's loggers at their most talkative."""
    (handler,) = [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler.formatter, structlog.stdlib.ProcessorFormatter)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    levels = {name: logging.getLogger(name).level for name in ("samen",)}
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield lambda: stream.getvalue().splitlines()
    handler.setStream(previous)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def test_logs_hold_no_query_string_search_text_or_personal_value(
    referral_world,  # noqa: F811
    smtp,
    log_lines,
    client,
):
    smtp(refuse=True)
    client.get("/nl/search/", {"q": SEARCH, "near": "Utrecht"})

    handler = client_for(referral_world["referrer"])
    fields = {
        **form_fields(referral_world),
        "person_name": PERSONAL[0],
        "contact_channel": "phone",
        "contact_details": PERSONAL[1],
        "safe_times": PERSONAL[3],
        "note": PERSONAL[2],
        "consent_items": ["name", "language", "needs", "contact", "note"],
        "form_key": form_key("referral", referral_world["referrer"]),
    }
    assert handler.post(url("referrals:create"), fields).status_code == 302
    assert Referral.objects.get().person_name == PERSONAL[0]

    session = info_session()
    page = client.get(url("sessions:register", session.uuid))
    stamp = re.search(r'name="started" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        url("sessions:register", session.uuid),
        {"nickname": PERSONAL[4], "email": PERSONAL[5], "phone": PERSONAL[6], "started": stamp},
    )
    assert response.status_code == 302
    assert Registration.objects.get().nickname == PERSONAL[4]
    client.get(response["Location"])

    lines = log_lines()
    records = [json.loads(line) for line in lines]
    # The capture works: requests were logged by view, failed mail by message id.
    views = {record.get("view") for record in records if record["event"] == "request"}
    assert {"directory:service-search", "referrals:create", "sessions:register"} <= views
    assert any("not delivered" in record["event"] for record in records)
    assert all({"timestamp", "level", "logger"} <= set(record) for record in records)
    text = "\n".join(lines)
    for value in [SEARCH, "verborgen", "Utrecht", *PERSONAL]:
        assert value not in text
    assert "?" not in text and "q=" not in text and "/nl/" not in text

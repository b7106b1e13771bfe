"""/healthz and /readyz: small JSON without language prefix or cookie; readyz reports queue
lag and the daily jobs, and answers 503 when the database is down."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from samen.core.models import DailyJobRun, OutboundMessage
from samen.core.outbox import deliver_message, queue_email
from samen.core.schedule import DAILY_JOBS
from tests.web.test_outage import database_down  # noqa: F401


def test_healthz_answers_without_touching_the_database(client):
    # No database fixture: a query would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert not response.cookies and "no-cache" in response["Cache-Control"]


def test_readyz_reports_database_queue_lag_and_daily_jobs(client, db, queue):
    now = timezone.now()
    DailyJobRun.objects.create(job="audit-verify", day=now.date(), finished_at=now, succeeded=True)
    queue_email(to="hulp@example.org", subject="Onderwerp", body="Tekst")
    OutboundMessage.objects.update(next_attempt_at=now - dt.timedelta(minutes=5))
    response = client.get("/readyz")
    assert response.status_code == 200 and not response.cookies
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert 299 < body["queue"]["oldest_due_message_seconds"] < 400
    assert body["queue"]["oldest_due_task_seconds"] >= 0
    assert set(body["daily_jobs"]) == set(DAILY_JOBS)
    assert body["daily_jobs"]["audit-verify"]["succeeded"] is True
    assert body["daily_jobs"]["send-reminders"] == {
        "last_day": None,
        "finished_at": None,
        "succeeded": None,
    }
    # Nothing personal: the message's address and subject are nowhere in it.
    assert "hulp@example.org" not in response.content.decode()
    assert "Onderwerp" not in response.content.decode()


def test_readyz_shows_no_lag_once_the_queue_is_worked_off(client, db, queue):
    queue_email(to="hulp@example.org", subject="Onderwerp", body="Tekst")
    deliver_message.call(OutboundMessage.objects.get().pk)
    body = client.get("/readyz").json()
    assert body["queue"]["oldest_due_message_seconds"] is None


@pytest.mark.django_db(transaction=True)
def test_readyz_answers_503_when_the_database_is_down(database_down):  # noqa: F811
    client = Client(raise_request_exception=False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert client.get("/healthz").status_code == 200
    assert not response.cookies


def test_health_pages_have_no_language_prefix(client, db):
    assert client.get("/nl/healthz").status_code == 404
    assert client.get("/readyz", HTTP_ACCEPT_LANGUAGE="ar").status_code == 200

"""The outbox and `samen worker`: real SMTP servers that refuse or never answer, the database
queue, retries, and pages that stay calm while mail is down."""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from samen.core.models import OutboundMessage
from samen.core.outbox import queue_email, requeue_stalled
from samen.sessions.models import Registration
from samen.sessions.services import RegistrationData, session_register
from tests.factories import info_session

# The worker closes its connection between tasks as in production: tests run outside a
# wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("worker", "--batch", "--interval", "0")


def make_due() -> None:
    """The retry's hour has come."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def stored(column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM core_outboundmessage WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_a_refused_message_waits_and_is_sent_once_the_server_accepts(queue, smtp):
    refusing = smtp(refuse=True)
    queue_email(to="amal@example.org", subject="Nieuws", body="Er is nieuws.")
    message = OutboundMessage.objects.get()
    assert "amal@example.org" not in stored("recipient", message.pk)  # encrypted at rest
    (queued,) = DBTaskResult.objects.all()
    assert queued.args_kwargs == {"args": [message.pk], "kwargs": {}}  # an id, no address

    run_worker()
    message.refresh_from_db()
    assert refusing.received == []
    assert (message.status, message.attempts, message.last_error) == (
        "pending",
        1,
        "SMTPDataError",
    )
    assert message.sent_at is None and message.recipient == "amal@example.org"
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now()  # backoff: not before the first delay

    run_worker()  # the retry is not due yet: nothing happens
    assert OutboundMessage.objects.get().attempts == 1

    accepting = smtp(refuse=False)
    make_due()
    run_worker()
    message.refresh_from_db()
    assert len(accepting.received) == 1 and b"Er is nieuws." in accepting.received[0]
    assert message.status == "sent" and message.sent_at is not None and message.attempts == 2
    assert (message.recipient, message.subject, message.body) == ("", "", "")  # erased

    make_due()
    run_worker()
    assert len(accepting.received) == 1  # sent exactly once


def test_a_mail_server_that_never_answers_times_out_and_is_retried(queue, silent_server):
    queue_email(to="amal@example.org", subject="Nieuws", body="Er is nieuws.")
    started = time.monotonic()
    run_worker()
    assert time.monotonic() - started < 10
    message = OutboundMessage.objects.get()
    assert message.status == "pending" and message.attempts == 1
    assert message.last_error in ("TimeoutError", "SMTPServerDisconnected")


def test_a_message_is_given_up_after_the_last_attempt_and_erased(queue, smtp, settings):
    settings.OUTBOX_RETRY_DELAYS = (0, 0)
    refusing = smtp(refuse=True)
    queue_email(to="amal@example.org", subject="Nieuws", body="Er is nieuws.")
    run_worker()
    message = OutboundMessage.objects.get()
    assert (message.status, message.attempts) == ("failed", 3)
    assert (message.recipient, message.body) == ("", "")
    assert refusing.received == []


def test_failures_are_logged_without_address_subject_or_text(queue, smtp, caplog):
    smtp(refuse=True)
    queue_email(to="amal@example.org", subject="Nieuws over jou", body="Geheime tekst")
    run_worker()
    logged = caplog.text
    assert "SMTPDataError" in logged
    assert "amal" not in logged and "Nieuws" not in logged and "Geheime" not in logged


def test_a_message_whose_task_was_lost_is_queued_again(queue, smtp):
    accepting = smtp(refuse=False)
    queue_email(to="amal@example.org", subject="Nieuws", body="Er is nieuws.")
    # A worker killed mid-send leaves its task "running" for ever.
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    assert requeue_stalled() == 0  # not overdue yet
    later = timezone.now() + timezone.timedelta(minutes=11)
    DBTaskResult.objects.update(started_at=later - timezone.timedelta(minutes=30))
    assert requeue_stalled(now=later) == 1
    assert requeue_stalled(now=later) == 0  # claimed: never queued twice
    run_worker()
    assert len(accepting.received) == 1
    assert OutboundMessage.objects.get().status == "sent"


def registration_url(session, language="en"):
    with translation.override(language):
        return reverse("sessions:register", args=[session.uuid])


def test_registering_while_mail_is_down_shows_the_private_link(client, queue, smtp):
    smtp(refuse=True)
    session = info_session()
    page = client.get(registration_url(session))
    stamp = re.search(r'name="started" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        registration_url(session),
        {"nickname": "Amal", "email": "amal@example.org", "started": stamp},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This page is your private link" in html
    private_link = re.search(r'class="private-link" dir="ltr">([^<]+)<', html).group(1)
    assert "/sessions/r/" in private_link
    assert Registration.objects.get().email == "amal@example.org"
    run_worker()
    assert OutboundMessage.objects.get().status == "pending"  # still trying, page was calm


def test_two_workers_share_the_queue_and_deliver_each_message_once(queue, smtp):
    accepting = smtp(refuse=False)
    for index in range(12):
        queue_email(to=f"p{index}@example.org", subject="Nieuws", body=f"Bericht {index}")
    barrier = threading.Barrier(2)

    def worker() -> None:
        from django.db import connection as thread_connection

        barrier.wait()
        try:
            run_worker()
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(accepting.received) == 12
    assert sorted(OutboundMessage.objects.values_list("status", flat=True)) == ["sent"] * 12


class Gateway(BaseHTTPRequestHandler):
    """A text-message gateway on this machine, answering with the server's `status`."""

    def do_POST(self) -> None:  # the name http.server calls
        length = int(self.headers["Content-Length"])
        self.server.received.append((self.server.status, json.loads(self.rfile.read(length))))
        self.send_response(self.server.status)
        self.end_headers()
        self.wfile.write(b'{"errorCode": 0}')

    def log_message(self, *args) -> None:  # the test output stays quiet
        pass


@pytest.fixture
def gateway(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    server.status, server.received = 503, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "cm"
    settings.SMS_CM_TOKEN = "00000000-0000-0000-0000-000000000000"
    settings.SMS_CM_URL = f"http://127.0.0.1:{server.server_address[1]}/v1.0/message"
    yield server
    server.shutdown()
    server.server_close()


def test_a_refused_text_message_waits_in_the_outbox_and_is_sent_once_the_gateway_accepts(
    queue, gateway
):
    registration, _token = session_register(
        session=info_session(),
        data=RegistrationData(nickname="Amal", phone="06 1234 5678"),
        language="nl",
    )
    message = OutboundMessage.objects.get()
    assert message.channel == "sms" and "1234" not in stored("recipient", message.pk)

    run_worker()  # the gateway answers 503
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        "pending",
        1,
        "GatewayRefused",
    )
    assert message.recipient == "06 1234 5678"  # kept (encrypted) for the next attempt
    assert len(gateway.received) == 1

    gateway.status = 200
    make_due()
    run_worker()
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2 and message.recipient == ""
    status, payload = gateway.received[-1]
    (sent,) = payload["messages"]["msg"]
    assert status == 200 and sent["to"] == [{"number": "0031612345678"}]

    make_due()
    run_worker()
    assert len(gateway.received) == 2  # accepted once, never sent again
    assert Registration.objects.get(pk=registration.pk).phone == "06 1234 5678"

"""Every e-mail and text message goes out through here: written to the outbox in the caller's
transaction, delivered by `samen worker`, retried with growing delays when it fails.

A request that saved something never waits for a mail server and never fails because of one.
The queued task carries only the outbox row's id; the row's recipient, subject and body are
encrypted like every personal field and erased once the message was sent or given up on.
A message counts as sent only after the mail server or the gateway accepted it. Failures are
logged with the row's id and the error's class, never the address, number or text.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from . import sms
from .models import OutboundMessage

logger = logging.getLogger(__name__)
ERASED = {"recipient": "", "reply_to": "", "subject": "", "body": ""}
# A pending message this long past its attempt lost its task (a worker killed mid-send).
STALLED_AFTER = dt.timedelta(minutes=10)


class GatewayRefused(Exception):
    """The text-message gateway did not accept the message (sms logs why)."""


def queue_email(*, to: str, subject: str, body: str, reply_to: str = "") -> None:
    """Queue one e-mail; delivered once the caller's transaction commits."""
    if to:
        _queue(OutboundMessage.Channel.EMAIL, to, subject, body, reply_to)


def queue_text(*, to: str, body: str) -> None:
    """Queue one text message (nothing when text messages are switched off)."""
    if to and sms.enabled():
        _queue(OutboundMessage.Channel.SMS, to, "", body, "")


def _queue(channel: str, to: str, subject: str, body: str, reply_to: str) -> None:
    with transaction.atomic():
        message = OutboundMessage.objects.create(
            channel=channel,
            recipient=to,
            subject=subject,
            body=body,
            reply_to=reply_to,
            next_attempt_at=timezone.now(),
        )
        deliver_message.enqueue(message.pk)


@task()
def deliver_message(message_id: int) -> str:
    """Send one queued message; on failure queue the next attempt or give up."""
    message = OutboundMessage.objects.filter(
        pk=message_id, status=OutboundMessage.Status.PENDING
    ).first()
    if message is None:  # already sent or given up on: a repeated task sends nothing
        return "done"
    try:
        _send(message)
    # Whatever went wrong, the message is tried again later; the error's text may quote the
    # address, so only its class is kept.
    except Exception as error:
        return _failed(message, type(error).__name__)
    OutboundMessage.objects.filter(pk=message.pk, status=OutboundMessage.Status.PENDING).update(
        status=OutboundMessage.Status.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        last_error="",
        next_attempt_at=None,
        **ERASED,
    )
    return "sent"


def _send(message: OutboundMessage) -> None:
    if message.channel == OutboundMessage.Channel.SMS:
        if not sms.send(message.recipient, message.body):
            raise GatewayRefused
        return
    reply_to = [message.reply_to] if message.reply_to else None
    EmailMessage(message.subject, message.body, to=[message.recipient], reply_to=reply_to).send()


def _failed(message: OutboundMessage, error: str) -> str:
    delays = settings.OUTBOX_RETRY_DELAYS
    attempts = message.attempts + 1
    with transaction.atomic():
        if attempts > len(delays):
            OutboundMessage.objects.filter(pk=message.pk).update(
                status=OutboundMessage.Status.FAILED,
                attempts=attempts,
                last_error=error,
                next_attempt_at=None,
                **ERASED,
            )
            logger.error("Message %s given up after %s attempts (%s)", message.pk, attempts, error)
            return "failed"
        run_after = timezone.now() + dt.timedelta(seconds=delays[attempts - 1])
        OutboundMessage.objects.filter(pk=message.pk).update(
            attempts=attempts, last_error=error, next_attempt_at=run_after
        )
        # A backend that cannot defer (the immediate one, in tests) has no "later": the row
        # stays pending with its attempt counted.
        if deliver_message.get_backend().supports_defer:
            deliver_message.using(run_after=run_after).enqueue(message.pk)
    logger.warning(
        "Message %s not delivered (%s), attempt %s; next at %s",
        message.pk,
        error,
        attempts,
        run_after.isoformat(timespec="seconds"),
    )
    return "retry"


def requeue_stalled(*, now: dt.datetime | None = None) -> int:
    """Queue again every pending message whose attempt is long overdue and that has no task
    waiting or running: its task was lost with a worker killed while running it. Each row is
    claimed by a conditional update, so two workers never queue the same message twice."""
    now = now or timezone.now()
    stalled = OutboundMessage.objects.filter(
        status=OutboundMessage.Status.PENDING, next_attempt_at__lt=now - STALLED_AFTER
    ).values_list("pk", "next_attempt_at")
    requeued = 0
    for pk, due in stalled:
        if _has_live_task(pk, now):
            continue
        with transaction.atomic():
            if OutboundMessage.objects.filter(pk=pk, next_attempt_at=due).update(
                next_attempt_at=now
            ):
                deliver_message.enqueue(pk)
                requeued += 1
    return requeued


def _has_live_task(message_id: int, now: dt.datetime) -> bool:
    return (
        DBTaskResult.objects.filter(
            task_path=deliver_message.module_path, args_kwargs__args=[message_id]
        )
        .filter(
            Q(status=TaskResultStatus.READY)
            | Q(status=TaskResultStatus.RUNNING, started_at__gte=now - STALLED_AFTER)
        )
        .exists()
    )

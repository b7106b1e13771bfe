"""Base models shared by every app, the outgoing messages and daily runs of the worker, and
the single-use keys of forms that create something."""

import uuid

from django.db import models

from .fields import EncryptedTextField


class BaseModel(models.Model):
    """Integer primary key for joins and indexes, a stable UUID for URLs and exchange (HSDS id)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OutboundMessage(models.Model):
    """One e-mail or text message on its way out. The task queue carries only this row's id;
    recipient, subject and body are encrypted at rest and erased once the message was sent or
    given up on, so the row that stays holds no personal data (only for the counts)."""

    class Channel(models.TextChoices):
        EMAIL = "email", "e-mail"
        SMS = "sms", "text message"

    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"

    channel = models.CharField(max_length=8, choices=Channel.choices)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    recipient = EncryptedTextField(blank=True)
    reply_to = EncryptedTextField(blank=True)
    subject = EncryptedTextField(blank=True)
    body = EncryptedTextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The exception's class only: SMTP replies can quote the address.
    last_error = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk} ({self.status})"


class DailyJobRun(models.Model):
    """One row per daily job and day: the unique pair is what lets several workers share one
    schedule (the worker that inserts the row runs the job; the others see it exists)."""

    job = models.CharField(max_length=40)
    day = models.DateField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    succeeded = models.BooleanField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="one_run_per_day")]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"


class FormKey(models.Model):
    """One form that created something: the digest of its single-use key and a reference to
    what its first send created (an id, never a personal value). A second send with the same
    key finds this row and shows the first result; the unique digest makes two sends at the
    same moment create one record. Purged once the key is too old to be accepted anyway."""

    purpose = models.CharField(max_length=40)
    digest = models.CharField(max_length=64, unique=True)
    reference = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.purpose} {self.created_at:%Y-%m-%d}"


class RateCounter(models.Model):
    """The count of one rate-limited action by one (hashed) client in its current window, when
    the counters live in the database (web/ratelimit.py): one row per client and action,
    counted up in a single atomic statement."""

    name = models.CharField(max_length=100, primary_key=True)
    window_start = models.BigIntegerField()
    expires = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.name}: {self.count}"

"""Consent-based referrals: a referral handler refers a person to an organisation that
accepts referrals on samen, with the person's recorded consent, and the loop is closed.

Personal fields are encrypted at rest and erased on consent withdrawal or after retention;
what is left (needs, urgency, language, outcome, dates) feeds anonymous statistics.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.core.fields import EncryptedTextField
from samen.core.models import BaseModel
from samen.directory.models import KeyPerson, Organization, TaxonomyTerm


class KeyPersonReferrer(BaseModel):
    """A key person who refers people themselves, not through an organisation: they switch it
    on (and must then use two-factor authentication); receiving organisations see that the
    referral comes from a key person."""

    key_person = models.OneToOneField(KeyPerson, on_delete=models.CASCADE, related_name="referrer")


class Referral(BaseModel):
    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        OPENED = "opened", _("Opened")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CONTACT_MADE = "contact_made", _("Contact made")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Urgency(models.TextChoices):
        TODAY = "today", _("Today")
        THIS_WEEK = "this_week", _("This week")
        NOT_URGENT = "not_urgent", _("Not urgent")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        TEXT = "text", _("Text message")
        EMAIL = "email", _("E-mail")
        THROUGH_REFERRER = "through_referrer", _("Only through me (the referrer)")

    class DeclineReason(models.TextChoices):
        NO_CAPACITY = "no_capacity", _("No capacity now")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible for our help")
        OTHER_SERVICE = "other_service", _("Another service fits better")
        INCOMPLETE = "incomplete", _("Not enough information to act on")

    class Outcome(models.TextChoices):
        GOT_HELP = "got_help", _("Got help")
        NOT_REACHED = "not_reached", _("Could not reach the person")
        NO_CAPACITY = "no_capacity", _("No capacity")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")
        NO_LONGER_WANTED = "no_longer_wanted", _("No longer wanted")
        # Set only by close-stale-referrals: nobody acted on it for REFERRAL_STALE_DAYS.
        NO_RESPONSE = "no_response", _("No response")

    # Sent for an organisation by one of its referral handlers, or by a key person themselves.
    referring_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    referring_key_person = models.ForeignKey(
        KeyPerson, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    referring_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Whether the referring organisation's other referral handlers may read and follow it.
    shared_with_colleagues = models.BooleanField(default=False)
    receiving_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="referrals_received"
    )
    # Personal fields: encrypted, erased on withdrawal of consent and after retention.
    person_name = EncryptedTextField(help_text="A pseudonym or initials are enough.")
    contact_details = EncryptedTextField(blank=True)
    safe_times = EncryptedTextField(blank=True)
    note = EncryptedTextField(blank=True)
    personal_data_erased_at = models.DateTimeField(null=True, blank=True)
    # Kept for statistics.
    language = models.CharField(max_length=10)
    needs_interpreter = models.BooleanField(default=False)
    needs = models.ManyToManyField(TaxonomyTerm, related_name="+")
    urgency = models.CharField(max_length=12, choices=Urgency.choices)
    contact_channel = models.CharField(max_length=20, choices=Channel.choices)
    may_leave_message = models.BooleanField(default=False)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.SENT)
    decline_reason = models.CharField(max_length=15, choices=DeclineReason.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    # When it reached an end (declined, closed or withdrawn): retention counts from here.
    ended_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    referring_organization__isnull=False, referring_key_person__isnull=True
                )
                | models.Q(referring_organization__isnull=True, referring_key_person__isnull=False),
                name="referral_from_organization_or_key_person",
            )
        ]

    def __str__(self) -> str:
        return f"referral {self.reference}"

    @property
    def referrer_name(self) -> str:
        if self.referring_key_person is not None:
            return self.referring_key_person.display_name
        return self.referring_organization.name if self.referring_organization else ""

    @property
    def reference(self) -> str:
        """A short reference both sides can use on the phone; not personal data."""
        return str(self.uuid)[:8].upper()


class Consent(BaseModel):
    """The person's consent, recorded by the referrer: what is shared, with whom, for what,
    how and when it was given, by whom it was recorded and which consent text was shown."""

    class Method(models.TextChoices):
        VERBAL = "verbal", _("Spoken")
        WRITTEN = "written", _("In writing")

    class Item(models.TextChoices):
        NAME = "name", _("Name or initials")
        LANGUAGE = "language", _("Language and interpreter need")
        NEEDS = "needs", _("What help is needed and how urgent")
        CONTACT = "contact", _("How to make contact safely")
        NOTE = "note", _("A short note")

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="consent")
    shared_items = models.JSONField(default=list)
    shared_with = models.CharField(max_length=200)  # the receiving organisation's name then
    purpose = models.CharField(max_length=40, default="referral")
    method = models.CharField(max_length=10, choices=Method.choices)
    given_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text_version = models.CharField(max_length=20)
    text_language = models.CharField(max_length=10)
    # When the text was not available in the person's language: the language an interpreter
    # translated it into.
    interpreted_into = models.CharField(max_length=10, blank=True)
    text_digest = models.CharField(max_length=64)
    feedback_to_referrer = models.BooleanField(default=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)


class ReferralEvent(models.Model):
    """The history both sides see: status changes, never personal data."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=15, choices=Referral.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    side = models.CharField(max_length=10)  # "referring", "receiving" or "system"
    reason = models.CharField(max_length=20, blank=True)  # decline reason or outcome code
    # Consent withdrawn, data erased: events that are not a status change.
    kind = models.CharField(max_length=30, default="status")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.kind} {self.status}"


class EmergencyAccess(BaseModel):
    """A platform administrator's time-limited access to one referral, with a reason; used
    only when the organisations involved cannot act (e.g. a safety emergency)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = EncryptedTextField()
    expires_at = models.DateTimeField()

"""Information sessions co-run by migrant organisations, key persons and professionals, the
registrations of newcomers (no account), and the toolkits sessions use."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.core.fields import EncryptedTextField
from samen.core.models import BaseModel
from samen.core.translation import TextStatusField, TranslatedField
from samen.directory.models import KeyPerson, Organization, TaxonomyTerm


class Audience(models.TextChoices):
    MIXED = "mixed", _("Everyone")
    WOMEN = "women", _("Women only")
    MEN = "men", _("Men only")
    YOUTH = "youth", _("Young people")
    PROFESSIONALS = "professionals", _("Professionals")


class Toolkit(BaseModel):
    """Material for information sessions; proposed by members, published by administrators."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    # The facts file names toolkits by their source address.
    external_id = models.URLField(max_length=500, unique=True, null=True, blank=True)
    title = TranslatedField()
    publishers = models.JSONField(default=list, blank=True)
    description = TranslatedField()
    text_status = TextStatusField()
    topics = models.ManyToManyField(TaxonomyTerm, related_name="toolkits", blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.MIXED)
    languages = models.JSONField(default=list, blank=True)
    format = models.CharField(max_length=200, blank=True)
    url = models.URLField()
    licence = models.CharField(max_length=200, blank=True)
    source_urls = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.title.get("nl") or self.title.get("en") or str(self.uuid)


class InfoSession(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PLANNED = "planned", _("Planned")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    title = TranslatedField()
    description = TranslatedField()
    text_status = TextStatusField()
    topics = models.ManyToManyField(TaxonomyTerm, related_name="info_sessions", blank=True)
    languages = models.JSONField(default=list, blank=True, help_text="Languages spoken.")
    interpretation = models.JSONField(default=list, blank=True, help_text="Interpreted into.")
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.MIXED)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.IN_PERSON)
    venue = models.CharField(max_length=200, blank=True)
    street = models.CharField(max_length=200, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    city = models.CharField(max_length=120, blank=True)
    neighbourhood = models.CharField(max_length=120, blank=True)
    # The centre of the postcode area or place, never the building.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    address_after_registration = models.BooleanField(
        default=False, help_text="Show only the neighbourhood until someone registers."
    )
    online_url = models.URLField(blank=True, help_text="Given to registrants only.")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    capacity = models.PositiveIntegerField(null=True, blank=True)
    wheelchair_accessible = models.BooleanField(default=False)
    childcare = models.BooleanField(default=False)
    sign_language = models.BooleanField(default=False)
    toolkits = models.ManyToManyField(Toolkit, related_name="info_sessions", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    cancel_note = models.TextField(blank=True)
    series = models.UUIDField(null=True, blank=True, db_index=True)
    # iCalendar SEQUENCE: bumped on every change a calendar should pick up.
    sequence = models.PositiveIntegerField(default=0)
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return self.title.get("nl") or self.title.get("en") or str(self.uuid)


class Host(BaseModel):
    """An organisation or key person running a session: the lead, or an invited co-facilitator."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    session = models.ForeignKey(InfoSession, on_delete=models.CASCADE, related_name="hosts")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="session_hosts"
    )
    key_person = models.ForeignKey(
        KeyPerson, null=True, blank=True, on_delete=models.CASCADE, related_name="session_hosts"
    )
    is_lead = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)

    class Meta:
        ordering = ["-is_lead", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False, key_person__isnull=True)
                | models.Q(organization__isnull=True, key_person__isnull=False),
                name="host_is_organization_or_key_person",
            ),
            models.UniqueConstraint(
                fields=["session", "organization"], name="host_organization_once"
            ),
            models.UniqueConstraint(fields=["session", "key_person"], name="host_person_once"),
        ]

    @property
    def name(self) -> str:
        if self.organization is not None:
            return self.organization.name
        return self.key_person.display_name if self.key_person is not None else ""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Registration(BaseModel):
    """A newcomer's place (or place on the waiting list). No account: a private link, whose
    digest is all the database keeps, lets them view, change or cancel it."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Place confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(InfoSession, on_delete=models.CASCADE, related_name="registrations")
    token_digest = models.CharField(max_length=64, unique=True)
    # Encrypted at rest; the form limits the nickname to 60 characters.
    nickname = EncryptedTextField()
    email = EncryptedTextField(blank=True)
    phone = EncryptedTextField(blank=True)
    language = models.CharField(max_length=10, default="nl")
    interpreter_language = models.CharField(max_length=10, blank=True)
    needs_childcare = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Set when the personal fields were erased after the retention period.
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class Attendance(BaseModel):
    """Counts only, never names; each part optional."""

    session = models.OneToOneField(InfoSession, on_delete=models.CASCADE, related_name="attendance")
    total = models.PositiveIntegerField()
    women = models.PositiveIntegerField(null=True, blank=True)
    men = models.PositiveIntegerField(null=True, blank=True)
    other_gender = models.PositiveIntegerField(null=True, blank=True)
    under_18 = models.PositiveIntegerField(null=True, blank=True)
    age_18_34 = models.PositiveIntegerField(null=True, blank=True)
    age_35_54 = models.PositiveIntegerField(null=True, blank=True)
    age_55_plus = models.PositiveIntegerField(null=True, blank=True)


class Feedback(models.Model):
    """Anonymous answers of a participant: no link to a registration, no time of day."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("A little")
        NO = "no", _("No")

    session = models.ForeignKey(InfoSession, on_delete=models.CASCADE, related_name="feedback")
    useful = models.CharField(max_length=10, choices=Answer.choices)
    knows_where_to_find_help = models.CharField(max_length=10, choices=Answer.choices)
    would_come_again = models.CharField(max_length=10, choices=Answer.choices)
    comment = models.TextField(blank=True, max_length=1000)
    language = models.CharField(max_length=10, blank=True)

    def __str__(self) -> str:
        return f"feedback on {self.session_id}"

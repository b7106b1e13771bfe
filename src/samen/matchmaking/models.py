"""Matchmaking for information sessions: a migrant organisation or key person asks for a
session (request), a professional organisation says what it can present (offer); either side
responds, and an accepted response becomes a draft session hosted by both."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.core.models import BaseModel
from samen.directory.models import KeyPerson, Organization, TaxonomyTerm
from samen.sessions.models import InfoSession


def _one_of_organization_or_key_person(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(organization__isnull=False, key_person__isnull=True)
        | models.Q(organization__isnull=True, key_person__isnull=False),
        name=name,
    )


class Post(BaseModel):
    """What requests and offers share."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    topics = models.ManyToManyField(TaxonomyTerm, related_name="+", blank=True)
    languages = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True, max_length=1000)
    # Signed-in members always see open posts; the poster may also show it to the public.
    is_public = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


class SessionRequest(Post):
    """A community asks for a session: by a migrant organisation or a key person."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key_person = models.ForeignKey(
        KeyPerson, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    community = models.CharField(max_length=120, blank=True)
    region = models.CharField(max_length=120)
    group_size = models.PositiveIntegerField(null=True, blank=True)
    period_start = models.DateField()
    period_end = models.DateField()

    class Meta(Post.Meta):
        constraints = [_one_of_organization_or_key_person("request_by_organization_or_person")]

    @property
    def poster(self) -> Organization | KeyPerson:
        return self.organization or self.key_person  # type: ignore[return-value]


class SessionOffer(Post):
    """A professional organisation says which sessions it can give, where and how."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    regions = models.CharField(max_length=300)
    formats = models.JSONField(default=list, blank=True)

    @property
    def poster(self) -> Organization:
        return self.organization


class MatchResponse(BaseModel):
    """One side answers the other's post; accepting it makes a draft session for both."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    request = models.ForeignKey(
        SessionRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="responses"
    )
    offer = models.ForeignKey(
        SessionOffer, null=True, blank=True, on_delete=models.CASCADE, related_name="responses"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key_person = models.ForeignKey(
        KeyPerson, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    message = models.TextField(max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    session = models.ForeignKey(
        InfoSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            _one_of_organization_or_key_person("response_by_organization_or_person"),
            models.CheckConstraint(
                condition=models.Q(request__isnull=False, offer__isnull=True)
                | models.Q(request__isnull=True, offer__isnull=False),
                name="response_to_request_or_offer",
            ),
        ]

    @property
    def responder(self) -> Organization | KeyPerson:
        return self.organization or self.key_person  # type: ignore[return-value]

    @property
    def post(self) -> SessionRequest | SessionOffer:
        return self.request or self.offer  # type: ignore[return-value]

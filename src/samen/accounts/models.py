"""People with an account and the organisations they act for."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.core.models import BaseModel


def validate_translator_languages(value: object) -> None:
    known = {code for code, _name in settings.LANGUAGES}
    if not isinstance(value, list) or not set(value) <= known:
        raise ValidationError(
            _("Give a list of samen's language codes: %(codes)s.")
            % {"codes": ", ".join(sorted(known))}
        )


class User(AbstractUser):
    # E-mail to this person is written in this language (the one they signed up in).
    language = models.CharField(max_length=10, default="nl")
    # Content languages this person translates and checks as a native speaker (given by a
    # platform administrator in the admin, audited): they may edit those texts of every
    # listing and mark them checked (samen.translations).
    translator_languages = models.JSONField(
        _("translates into"),
        default=list,
        blank=True,
        help_text=_('Language codes, for example ["ti", "ar"].'),
    )


class Membership(BaseModel):
    """A person's role in an organisation: owners manage members, editors keep the listing true."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        EDITOR = "editor", _("Editor")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    # Referral roles, given by an owner: handlers make and receive referrals (and must use
    # two-factor authentication); the privacy officer reads the referral audit log.
    is_referral_handler = models.BooleanField(default=False)
    is_privacy_officer = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.organization}"


class Invitation(BaseModel):
    """An owner's invitation for someone to join an organisation, accepted once by signing in
    with the invited address."""

    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Membership.Role.choices)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.email} -> {self.organization}"


class ClaimRequest(BaseModel):
    """Someone says an existing listing is their organisation's; an administrator decides."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="claims"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="claims")
    note = models.TextField(max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.user} claims {self.organization}"

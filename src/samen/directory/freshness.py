"""Keeping listings true: remind owners, and let them confirm a listing with one click.

Six months after a listing was last checked its owners and editors get an e-mail (in their own
language, in neutral words) with a link to confirm it is still correct, without logging in.
After twelve months the listing shows as possibly outdated (Provenance.needs_recheck).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from samen.accounts.models import Membership
from samen.audit.services import Actor, SystemActor, audit_record
from samen.core.outbox import queue_email

from .models import Organization

TOKEN_SALT = "samen.directory.freshness"  # noqa: S105 (a namespace, not a secret)
TOKEN_MAX_AGE = timedelta(days=60)


@dataclass(frozen=True)
class ConfirmToken:
    organization_id: int
    last_checked: str


def confirm_token(organization: Organization) -> str:
    """A link token tied to the listing's current check date: it stops working once used."""
    checked = organization.last_checked.isoformat() if organization.last_checked else ""
    return signing.dumps({"o": organization.pk, "c": checked}, salt=TOKEN_SALT)


def read_confirm_token(token: str) -> ConfirmToken | None:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # also covers an expired token
        return None
    return ConfirmToken(organization_id=int(data["o"]), last_checked=str(data["c"]))


def organization_for_token(token: str) -> Organization | None:
    """The listing a still-valid, unused token confirms, or None."""
    parsed = read_confirm_token(token)
    if parsed is None:
        return None
    organization = Organization.objects.filter(pk=parsed.organization_id).first()
    if organization is None:
        return None
    checked = organization.last_checked.isoformat() if organization.last_checked else ""
    return organization if checked == parsed.last_checked else None


def reminders_due(today: date) -> list[Organization]:
    """Real listings checked long enough ago whose owners were not asked since."""
    cutoff = today - timedelta(days=settings.DIRECTORY_REMINDER_AFTER_DAYS)
    candidates = Organization.objects.filter(
        is_demo=False, last_checked__lte=cutoff, memberships__isnull=False
    ).distinct()
    return [
        organization
        for organization in candidates
        if organization.reminder_sent_at is None
        or organization.last_checked is None
        or organization.reminder_sent_at.date() <= organization.last_checked
    ]


def freshness_send_reminders(*, actor: Actor, today: date | None = None) -> int:
    """E-mail every owner and editor of every listing that is due; returns listings reminded."""
    today = today or timezone.localdate()
    due = reminders_due(today)
    for organization in due:
        with transaction.atomic():
            recipients = organization.memberships.select_related("user").filter(
                role__in=(Membership.Role.OWNER, Membership.Role.EDITOR), user__is_active=True
            )
            token = confirm_token(organization)
            for membership in recipients:
                _send_reminder(membership, organization, token)
            organization.reminder_sent_at = timezone.now()
            organization.save(update_fields=["reminder_sent_at"])
            audit_record(
                actor=actor,
                action="organization.reminder_sent",
                target=organization,
                data={"recipients": len(recipients)},
            )
    return len(due)


def _send_reminder(membership: Membership, organization: Organization, token: str) -> None:
    user = membership.user
    with translation.override(user.language):
        context = {
            "organization": organization,
            "confirm_url": settings.SITE_URL
            + reverse("directory:organization-confirm", kwargs={"token": token}),
            "edit_url": settings.SITE_URL
            + reverse(
                "directory:organization-edit", kwargs={"organization_uuid": organization.uuid}
            ),
        }
        subject = render_to_string("directory/email/reminder_subject.txt", context).strip()
        body = render_to_string("directory/email/reminder_body.txt", context)
    queue_email(to=user.email, subject=subject, body=body)


def organization_confirm_current(*, actor: Actor, organization: Organization) -> None:
    """Someone who knows the listing says it is still correct: it counts as checked today."""
    with transaction.atomic():
        organization.last_checked = timezone.localdate()
        organization.save(update_fields=["last_checked"])
        organization.services.filter(is_demo=False).update(last_checked=organization.last_checked)
        audit_record(actor=actor, action="organization.confirmed", target=organization)


def confirming_actor() -> SystemActor:
    """Who confirms through an e-mailed link: the link's holder, not a signed-in user."""
    return SystemActor("confirm-link")

"""Writes about who acts for an organisation: invitations, claims, leaving, handing over."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, override

from samen.audit.services import audit_record
from samen.core.errors import ApplicationError
from samen.core.outbox import queue_email
from samen.directory.models import Organization

from .models import ClaimRequest, Invitation, Membership, User

INVITATION_SALT = "samen.accounts.invitation"
INVITATION_MAX_AGE = timedelta(days=14)


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(str(invitation.uuid), salt=INVITATION_SALT)


def invitation_for_token(token: str) -> Invitation | None:
    """The open invitation a valid token names, or None (tampered, expired or used)."""
    try:
        invitation_uuid = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Invitation.objects.select_related("organization")
        .filter(uuid=invitation_uuid, accepted_at__isnull=True)
        .first()
    )


def membership_invite(
    *, actor: User, organization: Organization, email: str, role: str
) -> Invitation:
    if role not in Membership.Role.values:
        raise ApplicationError(gettext("Choose a role."), field="role")
    if organization.memberships.filter(user__email__iexact=email).exists():
        raise ApplicationError(gettext("This person is already a member."), field="email")
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organization=organization, email=email, role=role, invited_by=actor
        )
        audit_record(
            actor=actor, action="membership.invited", target=invitation, data={"role": role}
        )
        _send_invitation(invitation, get_language())
    return invitation


def _send_invitation(invitation: Invitation, language: str | None) -> None:
    with override(language):
        link = settings.SITE_URL + reverse(
            "accounts:invitation-accept", kwargs={"token": invitation_token(invitation)}
        )
        context = {"organization": invitation.organization, "link": link}
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_body.txt", context)
    queue_email(to=invitation.email, subject=subject, body=body)


def invitation_accept(*, actor: User, invitation: Invitation) -> Membership:
    """The invited person, signed in with the invited address, joins the organisation."""
    if actor.email.casefold() != invitation.email.casefold():
        raise ApplicationError(
            gettext("This invitation is for another e-mail address. Sign in with that one.")
        )
    with transaction.atomic():
        membership, _ = Membership.objects.update_or_create(
            user=actor, organization=invitation.organization, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at", "updated_at"])
        audit_record(actor=actor, action="membership.joined", target=membership)
    return membership


def _ensure_another_owner(membership: Membership) -> None:
    if (
        membership.role == Membership.Role.OWNER
        and not membership.organization.memberships.filter(role=Membership.Role.OWNER)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ApplicationError(
            gettext("An organisation needs an owner. Hand over ownership first.")
        )


def membership_end(*, actor: User, membership: Membership) -> None:
    """Someone leaves, or an owner removes them; the last owner can do neither."""
    _ensure_another_owner(membership)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="membership.left" if membership.user == actor else "membership.removed",
            target=membership.organization,
            data={"user": membership.user_id},
        )
        membership.delete()


def ownership_transfer(*, actor: User, organization: Organization, to: Membership) -> None:
    """The acting owner hands ownership to another member and stays on as editor."""
    if to.organization_id != organization.pk or to.user == actor:
        raise ApplicationError(gettext("Choose another member of this organisation."))
    with transaction.atomic():
        to.role = Membership.Role.OWNER
        to.save(update_fields=["role", "updated_at"])
        organization.memberships.filter(user=actor).update(role=Membership.Role.EDITOR)
        audit_record(
            actor=actor,
            action="membership.ownership_transferred",
            target=organization,
            data={"to": to.user_id},
        )


def claim_request(*, actor: User, organization: Organization, note: str) -> ClaimRequest:
    """Ask to become owner of an existing listing; one open request per person and listing."""
    if organization.memberships.filter(user=actor).exists():
        raise ApplicationError(gettext("You are already a member of this organisation."))
    with transaction.atomic():
        claim, _ = ClaimRequest.objects.update_or_create(
            organization=organization,
            user=actor,
            status=ClaimRequest.Status.OPEN,
            defaults={"note": note},
        )
        audit_record(actor=actor, action="claim.requested", target=claim)
    return claim


def claim_decide(*, actor: User, claim: ClaimRequest, accept: bool) -> None:
    """An administrator accepts (the claimant becomes an owner) or declines a claim."""
    if claim.status != ClaimRequest.Status.OPEN:
        raise ApplicationError(gettext("This request was already decided."))
    with transaction.atomic():
        claim.status = ClaimRequest.Status.ACCEPTED if accept else ClaimRequest.Status.DECLINED
        claim.decided_by = actor
        claim.save(update_fields=["status", "decided_by", "updated_at"])
        if accept:
            Membership.objects.update_or_create(
                user=claim.user,
                organization=claim.organization,
                defaults={"role": Membership.Role.OWNER},
            )
        audit_record(
            actor=actor,
            action="claim.accepted" if accept else "claim.declined",
            target=claim,
        )

"""Who may do what with referrals. Platform administrators and network coordinators cannot
read referrals; an administrator can open one only through the audited emergency path.

Staff accounts (administrators) hold no referral role at all, whatever a membership row says:
a role set around the owners' roles page gives them nothing."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from samen.accounts.models import Membership, User
from samen.directory.models import KeyPerson, Organization
from samen.directory.policies import Viewer

from .models import EmergencyAccess, Referral


def _active(user: Viewer) -> User | None:
    """The user if signed in and active, else None."""
    return user if isinstance(user, User) and user.is_active else None


def may_hold_referral_roles(user: User) -> bool:
    """Referral handler, privacy officer or referring key person: never a staff account."""
    return not (user.is_staff or user.is_superuser)


def _referral_member(user: Viewer) -> User | None:
    """The user if they may act in a referral role (active, not staff), else None."""
    member = _active(user)
    return member if member is not None and may_hold_referral_roles(member) else None


def handler_organizations(user: Viewer) -> QuerySet[Organization]:
    """Organisations the user is a referral handler for."""
    member = _referral_member(user)
    if member is None:
        return Organization.objects.none()
    return Organization.objects.filter(
        memberships__user=member, memberships__is_referral_handler=True
    ).order_by("name")


def is_handler(user: Viewer, organization: Organization | int) -> bool:
    member = _referral_member(user)
    if member is None:
        return False
    organization_id = organization if isinstance(organization, int) else organization.pk
    return Membership.objects.filter(
        user=member, organization_id=organization_id, is_referral_handler=True
    ).exists()


def referring_key_person(user: Viewer) -> KeyPerson | None:
    """The user's key-person profile, if they switched on referring as a key person."""
    member = _referral_member(user)
    if member is None:
        return None
    return KeyPerson.objects.filter(user=member, referrer__isnull=False).first()


def referrers_for(user: Viewer) -> list[Organization | KeyPerson]:
    """Who a user may refer as: organisations they handle referrals for, and themselves as a
    key person."""
    options: list[Organization | KeyPerson] = list(handler_organizations(user))
    person = referring_key_person(user)
    if person is not None:
        options.append(person)
    return options


def is_referral_handler(user: Viewer) -> bool:
    """Anyone who makes or receives referrals: the referral pages, two-factor authentication
    and the idle sign-out apply to them. One query: the idle sign-out asks on every request."""
    member = _referral_member(user)
    return (
        member is not None
        and User.objects.filter(pk=member.pk)
        .filter(Q(memberships__is_referral_handler=True) | Q(key_person__referrer__isnull=False))
        .exists()
    )


def is_referrer_side(user: Viewer, referral: Referral) -> bool:
    """The referring user (while still a handler there, or still referring as a key person),
    or, if they chose so, the referring organisation's other handlers."""
    if referral.referring_key_person_id is not None:
        person = referring_key_person(user)
        return person is not None and person.pk == referral.referring_key_person_id
    if referral.referring_organization_id is None or not is_handler(
        user, referral.referring_organization_id
    ):
        return False
    return referral.referring_user_id == getattr(user, "pk", None) or (
        referral.shared_with_colleagues
    )


def is_receiver_side(user: Viewer, referral: Referral) -> bool:
    return is_handler(user, referral.receiving_organization_id)


def has_emergency_access(user: Viewer, referral: Referral) -> bool:
    member = _active(user)
    return (
        member is not None
        and EmergencyAccess.objects.filter(
            referral=referral, user=member, expires_at__gt=timezone.now()
        ).exists()
    )


def can_read_referral(user: Viewer, referral: Referral) -> bool:
    return (
        is_referrer_side(user, referral)
        or is_receiver_side(user, referral)
        or has_emergency_access(user, referral)
    )


def can_switch_key_person_referring(user: Viewer) -> bool:
    member = _referral_member(user)
    return member is not None and KeyPerson.objects.filter(user=member).exists()


def can_request_emergency_access(user: Viewer) -> bool:
    member = _active(user)
    return member is not None and member.is_staff


def referrer_sees_updates(referral: Referral) -> bool:
    """The referrer follows the referral past "sent" only if the person agreed to it."""
    consent = getattr(referral, "consent", None)
    return consent is not None and consent.feedback_to_referrer


def can_manage_referral_roles(user: Viewer, organization: Organization) -> bool:
    """Owners switch receiving on and name handlers and the privacy officer."""
    member = _active(user)
    return (
        member is not None
        and organization.memberships.filter(user=member, role=Membership.Role.OWNER).exists()
    )


def privacy_officer_organizations(user: Viewer) -> QuerySet[Organization]:
    member = _referral_member(user)
    if member is None:
        return Organization.objects.none()
    return Organization.objects.filter(
        memberships__user=member, memberships__is_privacy_officer=True
    ).order_by("name")


def report_organizations(user: Viewer) -> QuerySet[Organization]:
    """Organisations whose referral statistics a user sees: where they are owner, handler or
    privacy officer."""
    member = _active(user)
    if member is None:
        return Organization.objects.none()
    mine = Membership.objects.filter(user=member).filter(
        Q(role=Membership.Role.OWNER) | Q(is_referral_handler=True) | Q(is_privacy_officer=True)
    )
    return Organization.objects.filter(pk__in=mine.values("organization_id")).order_by("name")

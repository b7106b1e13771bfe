"""Who must do what to use an account."""

from typing import TYPE_CHECKING

from .models import Membership, User

if TYPE_CHECKING:
    from samen.directory.models import Organization


def mfa_required(user: User) -> bool:
    """Administrators, network coordinators, referral handlers and key persons who refer must
    use two-factor authentication."""
    from samen.referrals.models import KeyPersonReferrer  # referrals builds on accounts

    return (
        user.is_staff
        or user.is_superuser
        or user.coordinated_networks.exists()
        or user.memberships.filter(is_referral_handler=True).exists()
        or KeyPersonReferrer.objects.filter(key_person__user=user).exists()
    )


def can_manage_members(user: User, organization: "Organization") -> bool:
    """Owners invite, remove and hand over; editors do not."""
    return (
        user.is_active
        and organization.memberships.filter(user=user, role=Membership.Role.OWNER).exists()
    )

"""Who may do what with directory listings."""

from django.contrib.auth.models import AnonymousUser

from samen.accounts.models import Membership, User

from .models import KeyPerson, ListingSuggestion, Network, NetworkMembership, Organization

Viewer = User | AnonymousUser

EDITING_ROLES = (Membership.Role.OWNER, Membership.Role.EDITOR)


def can_register_organization(user: Viewer) -> bool:
    """Any signed-in member (sign-in already required a verified e-mail address)."""
    return isinstance(user, User) and user.is_active


def can_edit_organization(user: Viewer, organization: Organization) -> bool:
    """Owners and editors of the organisation itself; nobody else, not even another owner."""
    return (
        isinstance(user, User)
        and user.is_active
        and organization.memberships.filter(user=user, role__in=EDITING_ROLES).exists()
    )


def can_verify_organization(user: Viewer, organization: Organization | None = None) -> bool:
    """Platform administrators, and coordinators of a network the organisation belongs to
    (both must use two-factor authentication)."""
    if not (isinstance(user, User) and user.is_active):
        return False
    if user.is_staff:
        return True
    return (
        organization is not None
        and organization.network_memberships.filter(
            status=NetworkMembership.Status.MEMBER, network__coordinators=user
        ).exists()
    )


def is_network_coordinator(user: Viewer, network: Network) -> bool:
    return (
        isinstance(user, User)
        and user.is_active
        and (user.is_staff or network.coordinators.filter(pk=user.pk).exists())
    )


def can_request_network_membership(user: Viewer, organization: Organization) -> bool:
    """Only an organisation's owners decide which networks it joins."""
    return (
        isinstance(user, User)
        and user.is_active
        and organization.memberships.filter(user=user, role=Membership.Role.OWNER).exists()
    )


def can_handle_suggestion(user: Viewer, suggestion: ListingSuggestion) -> bool:
    """The listing's owners and editors, and platform administrators."""
    return (isinstance(user, User) and user.is_staff) or can_edit_organization(
        user, suggestion.organization
    )


def is_verified_professional(user: Viewer) -> bool:
    """Someone who acts for an organisation a platform administrator has verified."""
    return isinstance(user, User) and (
        user.is_staff
        or user.memberships.filter(
            organization__verification=Organization.Verification.VERIFIED
        ).exists()
    )


def visible_key_person_levels(user: Viewer) -> list[str]:
    """Which key-person visibility levels this viewer may see (a person always sees their own
    profile, see selectors.key_person_search)."""
    if is_verified_professional(user):
        return [KeyPerson.Visibility.PUBLIC, KeyPerson.Visibility.PROFESSIONALS]
    return [KeyPerson.Visibility.PUBLIC]

"""Who may import HSDS data into samen's directory."""

from django.contrib.auth.models import AnonymousUser

from samen.accounts.models import User


def can_import_hsds(user: User | AnonymousUser) -> bool:
    """Platform administrators and network coordinators (both use two-factor authentication);
    nobody else, not even an organisation's owner."""
    return (
        isinstance(user, User)
        and user.is_active
        and (user.is_staff or user.coordinated_networks.exists())
    )

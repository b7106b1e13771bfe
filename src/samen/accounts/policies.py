"""Who must do what to use an account."""

from .models import User


def mfa_required(user: User) -> bool:
    """Administrators and network coordinators must use two-factor authentication (referral
    handlers join this rule when that role exists)."""
    return user.is_staff or user.is_superuser or user.coordinated_networks.exists()

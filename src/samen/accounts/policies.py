"""Who must do what to use an account."""

from .models import User


def mfa_required(user: User) -> bool:
    """Administrators must use two-factor authentication (network coordinators and referral
    handlers join this rule when those roles exist)."""
    return user.is_staff or user.is_superuser

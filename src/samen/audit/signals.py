"""Sign-ins and failed sign-ins go into the audit log, with where they came from."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from samen.accounts.models import User
from samen.core.clients import client_ip

from .services import SystemActor, audit_record


def _ip(request: HttpRequest | None) -> str | None:
    return client_ip(request) if request is not None else None


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    audit_record(actor=user, action="auth.login", target=user, ip_address=_ip(request))


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """The account tried, when there is one; never the typed text (it may be a password)."""
    typed = str(credentials.get("email") or credentials.get("username") or "")
    account = User.objects.filter(email__iexact=typed).first() if typed else None
    audit_record(
        actor=SystemActor("sign-in"),
        action="auth.login_failed",
        target=account,
        ip_address=_ip(request),
    )

"""samen's account rules on top of django-allauth: audited logins, logout ends every session."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import get_language

from samen.audit.services import SystemActor, audit_record
from samen.core.clients import client_ip
from samen.core.outbox import queue_email

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits and session list see the same address as the rest of samen
        (behind SAMEN_TRUSTED_PROXIES), not allauth's own X-Forwarded-For count."""
        ip = client_ip(request)
        if ip is None:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        """Remember the language someone signed up in, for the e-mail we send them later."""
        user.language = get_language() or settings.LANGUAGE_CODE
        return super().save_user(request, user, form, commit)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's messages (address confirmation, password reset) go through the outbox like
        every other: a mail server that is down never turns a sign-up into an error page."""
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, full_context)
        queue_email(to=email, subject=str(message.subject), body=str(message.body))

    def login(self, request: HttpRequest, user: Any) -> None:
        super().login(request, user)
        with transaction.atomic():
            audit_record(
                actor=user, action="account.login", target=user, ip_address=client_ip(request)
            )

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        # The attempted account is named only when it exists; never the password or address.
        user = User.objects.filter(email__iexact=credentials.get("email", "")).first()
        with transaction.atomic():
            audit_record(
                actor=SystemActor("anonymous"),
                action="account.login_failed",
                target=user,
                ip_address=client_ip(request),
            )

    def logout(self, request: HttpRequest) -> None:
        """Signing out ends every session of the account, on every device."""
        user = request.user
        if isinstance(user, User):
            with transaction.atomic():
                audit_record(
                    actor=user, action="account.logout", target=user, ip_address=client_ip(request)
                )
            for session in UserSession.objects.filter(user=user):
                session.end()
        super().logout(request)

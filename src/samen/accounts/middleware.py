"""Accounts that must use two-factor authentication cannot do anything else until they do."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .models import User
from .policies import mfa_required

# Pages a user without MFA still needs: confirm the password, set MFA up, or sign out.
ALLOWED_URL_NAMES = (
    "mfa_activate_totp",
    "mfa_index",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "account_logout",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
)


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            isinstance(user, User)
            and mfa_required(user)
            and not request.path.startswith("/static/")
            and request.path not in {reverse(name) for name in ALLOWED_URL_NAMES}
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

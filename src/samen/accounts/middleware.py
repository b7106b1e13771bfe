"""Accounts that must use two-factor authentication cannot do anything else until they do;
signed-in activity is written at most every few minutes, not on every page view."""

import time
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from allauth.usersessions.internal.usersessionkit import track_activity
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


# The session (and with it the idle timeout) and allauth's list of signed-in devices are
# renewed at most this often: a page view is otherwise a read only.
ACTIVITY_EVERY_SECONDS = 5 * 60
ACTIVE_AT = "samen_active_at"


class ActivityMiddleware:
    """In place of allauth's UserSessionsMiddleware (which writes on every request) and of
    SESSION_SAVE_EVERY_REQUEST: a signed-in session is saved, so its 30-minute idle timeout
    starts again, when its last renewal is five minutes old."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        session = request.session
        if user is not None and user.is_authenticated and session.session_key:
            now = time.time()
            if now - session.get(ACTIVE_AT, 0) >= ACTIVITY_EVERY_SECONDS:
                session[ACTIVE_AT] = now
                track_activity(request, user=user, session=session)
        return self.get_response(request)

"""Referral handlers are signed out after REFERRAL_IDLE_TIMEOUT_SECONDS without a request."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from samen.accounts.models import User

from .policies import is_referral_handler

LAST_SEEN = "samen_last_seen"
# The last request is noted at most this often, so a page view does not write the session.
NOTE_EVERY_SECONDS = 60


class ReferralIdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User) and is_referral_handler(user):
            now = time.time()
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > settings.REFERRAL_IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.info(request, _("You were signed out after 15 minutes without activity."))
                return redirect("account_login")
            if now - last_seen >= NOTE_EVERY_SECONDS or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)

"""The signed-in person's own page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samen.directory.selectors import organizations_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/home.html",
        {"memberships": organizations_of(user=request.user)},  # type: ignore[arg-type]
    )

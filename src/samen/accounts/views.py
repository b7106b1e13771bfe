"""The signed-in person's own page, and who acts for an organisation."""

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samen.core.errors import ApplicationError
from samen.directory.models import Organization
from samen.directory.selectors import organizations_of
from samen.referrals.policies import is_referral_handler

from . import policies, services
from .forms import ClaimForm, InviteForm
from .models import ClaimRequest, Membership, User


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/home.html",
        {
            "memberships": organizations_of(user=request.user),  # type: ignore[arg-type]
            "is_referral_handler": is_referral_handler(request.user),
        },
    )


@login_required
def members(request: HttpRequest, organization_uuid: UUID) -> HttpResponse:
    """Who acts for the organisation. Members see it and can leave; owners manage it."""
    organization = get_object_or_404(Organization, uuid=organization_uuid)
    user = cast(User, request.user)
    own = organization.memberships.filter(user=user).first()
    if own is None:
        raise PermissionDenied
    manager = policies.can_manage_members(user, organization)
    form = InviteForm(request.POST or None) if manager else None
    if request.method == "POST":
        try:
            done = _members_action(request, user, organization, own, manager, form)
        except ApplicationError as error:
            messages.error(request, error.message)
            done = False
        if done:
            if not organization.memberships.filter(user=user).exists():
                return redirect("accounts:home")
            return redirect("accounts:members", organization_uuid=organization.uuid)
    return render(
        request,
        "accounts/members.html",
        {
            "organization": organization,
            "memberships": organization.memberships.select_related("user").order_by("role"),
            "own": own,
            "manager": manager,
            "form": form,
        },
    )


def _members_action(
    request: HttpRequest,
    user: User,
    organization: Organization,
    own: Membership,
    manager: bool,
    form: InviteForm | None,
) -> bool:
    action = request.POST.get("action")
    if action == "leave":
        services.membership_end(actor=user, membership=own)
        messages.success(request, _("You left the organisation."))
        return True
    if not manager:
        raise PermissionDenied
    if action == "invite" and form is not None:
        if not form.is_valid():
            return False
        services.membership_invite(
            actor=user,
            organization=organization,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
        )
        messages.success(request, _("The invitation is sent."))
        return True
    other = get_object_or_404(
        Membership, uuid=request.POST.get("membership", ""), organization=organization
    )
    if action == "remove":
        services.membership_end(actor=user, membership=other)
        messages.success(request, _("The member is removed."))
        return True
    if action == "transfer":
        services.ownership_transfer(actor=user, organization=organization, to=other)
        messages.success(request, _("Ownership is handed over. You are now an editor."))
        return True
    raise PermissionDenied


@login_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation.html", {"invalid": True}, status=404)
    if request.method == "POST":
        try:
            services.invitation_accept(actor=cast(User, request.user), invitation=invitation)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            return redirect("directory:organization-edit", invitation.organization.uuid)
    return render(request, "accounts/invitation.html", {"invitation": invitation})


@login_required
def claim(request: HttpRequest, organization_uuid: UUID) -> HttpResponse:
    organization = get_object_or_404(Organization, uuid=organization_uuid)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_request(
                actor=cast(User, request.user),
                organization=organization,
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. An administrator will check your request."))
            return redirect("accounts:home")
    return render(request, "accounts/claim.html", {"form": form, "organization": organization})


@login_required
def claim_queue(request: HttpRequest) -> HttpResponse:
    """Administrators decide on claims of existing listings."""
    user = cast(User, request.user)
    if not user.is_staff:
        raise PermissionDenied
    if request.method == "POST":
        pending = get_object_or_404(ClaimRequest, uuid=request.POST.get("claim", ""))
        try:
            services.claim_decide(
                actor=user, claim=pending, accept=request.POST.get("decision") == "accept"
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("accounts:claim-queue")
    claims = ClaimRequest.objects.filter(status=ClaimRequest.Status.OPEN).select_related(
        "organization", "user"
    )
    return render(request, "accounts/claim_queue.html", {"claims": claims})

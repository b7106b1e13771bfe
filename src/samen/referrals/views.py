"""Referral pages for referral handlers, privacy officers and owners. Personal fields are
decrypted only on the detail page, and each such read is audited."""

from typing import cast
from uuid import UUID

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_safe

from samen.accounts.models import Membership, User
from samen.core.clients import client_ip
from samen.core.errors import ApplicationError
from samen.directory.models import Network, Organization
from samen.directory.selectors import advice_lines, help_now_lines, topic_choices
from samen.web.acting import acting_as
from samen.web.once import Once
from samen.web.once import issue as once_issue

from . import exports, guide, policies, selectors, services
from .consent import consent_languages, consent_text
from .forms import CloseForm, DeclineForm, EmergencyForm, ReferralForm, RolesForm
from .models import Referral


def _member(request: HttpRequest) -> User:
    return cast(User, request.user)


LIST_PAGE_SIZE = 50


def _handler_only(request: HttpRequest) -> None:
    if not policies.is_referral_handler(request.user):
        raise PermissionDenied


@login_required
@never_cache
def referral_list(request: HttpRequest) -> HttpResponse:
    _handler_only(request)
    received = Paginator(selectors.referrals_received(viewer=request.user), LIST_PAGE_SIZE)
    sent = Paginator(selectors.referrals_sent(viewer=request.user), LIST_PAGE_SIZE)
    return render(
        request,
        "referrals/list.html",
        {
            "received": received.get_page(request.GET.get("received")),
            "sent": sent.get_page(request.GET.get("sent")),
        },
    )


@login_required
@never_cache
@sensitive_post_parameters("person_name", "contact_details", "safe_times", "note")
def referral_create(request: HttpRequest) -> HttpResponse:
    options = policies.referrers_for(request.user)
    referring = acting_as(request, options)
    receivers = [
        org
        for org in selectors.receiving_organizations()
        if not (isinstance(referring, Organization) and org.pk == referring.pk)
    ]
    form = ReferralForm(
        request.POST or None,
        receivers=receivers,
        needs=list(topic_choices()),
        for_organization=isinstance(referring, Organization),
    )
    if request.method == "POST":
        # A double tap or a reload after a timeout shows the first referral, never a second.
        once = Once.from_post(request, "referral")
        sent = once.first_result()
        if sent is not None:
            return _referral_sent(request, sent)
        if form.is_valid():
            try:
                sent = once.create(
                    lambda: str(
                        services.referral_create(
                            actor=_member(request),
                            referrer=referring,
                            receiving_organization=form.receivers[
                                form.cleaned_data["receiving_organization"]
                            ],
                            person=form.person_data(),
                            consent=form.consent_data(),
                            shared_with_colleagues=form.colleagues_may_follow,
                            ip_address=client_ip(request),
                        ).uuid
                    )
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                return _referral_sent(request, sent)
    return render(
        request,
        "referrals/form.html",
        {
            "form": form,
            "form_key": once_issue("referral", user=request.user),
            "referring": referring,
            "organizations": options,
            "consent_texts": [(code, consent_text(code)) for code in consent_languages()],
        },
    )


def _referral_sent(request: HttpRequest, referral_uuid: str) -> HttpResponse:
    referral = selectors.referral_detail(viewer=request.user, referral_uuid=UUID(referral_uuid))
    messages.success(
        request,
        _("The referral is sent. Reference: %(reference)s") % {"reference": referral.reference},
    )
    return redirect("referrals:list")


@login_required
@never_cache
def referral_detail(request: HttpRequest, referral_uuid: UUID) -> HttpResponse:
    referral = selectors.referral_detail(viewer=request.user, referral_uuid=referral_uuid)
    services.referral_read(actor=_member(request), referral=referral, ip_address=client_ip(request))
    user = _member(request)
    steps = services.allowed_transitions(user, referral)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "events": selectors.events_visible(viewer=user, referral=referral),
            "steps": steps,
            "decline_form": DeclineForm() if Referral.Status.DECLINED in steps else None,
            "close_form": CloseForm() if Referral.Status.CLOSED in steps else None,
            "may_withdraw_consent": referral.personal_data_erased_at is None
            and (
                policies.is_referrer_side(user, referral)
                or policies.is_receiver_side(user, referral)
            ),
            "is_receiver": policies.is_receiver_side(user, referral),
        },
    )


@login_required
def referral_step(request: HttpRequest, referral_uuid: UUID) -> HttpResponse:
    referral = selectors.referral_detail(viewer=request.user, referral_uuid=referral_uuid)
    if request.method != "POST":
        raise PermissionDenied
    try:
        services.referral_transition(
            actor=_member(request),
            referral=referral,
            to=request.POST.get("to", ""),
            reason=request.POST.get("reason", ""),
            ip_address=client_ip(request),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("referrals:detail", referral_uuid=referral.uuid)


@login_required
def consent_withdraw(request: HttpRequest, referral_uuid: UUID) -> HttpResponse:
    referral = selectors.referral_detail(viewer=request.user, referral_uuid=referral_uuid)
    if request.method != "POST":
        raise PermissionDenied
    try:
        services.consent_withdraw(
            actor=_member(request), referral=referral, ip_address=client_ip(request)
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Consent withdrawn. The personal details are deleted."))
    return redirect("referrals:detail", referral_uuid=referral.uuid)


@login_required
@never_cache
@sensitive_post_parameters("reason")
def emergency_access(request: HttpRequest) -> HttpResponse:
    """An administrator opens one referral, by the reference an organisation gives them."""
    if not policies.can_request_emergency_access(request.user):
        raise PermissionDenied
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        referral = selectors.referral_by_reference(form.cleaned_data["reference"])
        if referral is None:
            form.add_error("reference", _("No referral has this reference."))
        else:
            try:
                services.emergency_access_grant(
                    actor=_member(request),
                    referral=referral,
                    reason=form.cleaned_data["reason"],
                    ip_address=client_ip(request),
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                return redirect("referrals:detail", referral_uuid=referral.uuid)
    return render(request, "referrals/emergency.html", {"form": form})


@login_required
@never_cache
@reauthentication_required(allow_get=False)
def referral_export(request: HttpRequest) -> HttpResponse:
    """The handler's referrals with personal fields, as CSV, after a fresh password. GET shows
    what the file holds; only the POST downloads it (a link or a prefetch never exports)."""
    _handler_only(request)
    if request.method != "POST":
        return render(request, "referrals/export.html")
    content = exports.referrals_export(actor=_member(request), ip_address=client_ip(request))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="referrals.csv"'
    return response


@login_required
@never_cache
def roles(request: HttpRequest, organization_uuid: UUID) -> HttpResponse:
    organization = get_object_or_404(Organization, uuid=organization_uuid)
    if not policies.can_manage_referral_roles(request.user, organization):
        raise PermissionDenied
    memberships = list(Membership.objects.filter(organization=organization).select_related("user"))
    form = RolesForm(
        request.POST or None,
        memberships=memberships,
        initial={
            "accepts_referrals": organization.accepts_referrals,
            "handlers": [str(m.user_id) for m in memberships if m.is_referral_handler],
            "privacy_officers": [str(m.user_id) for m in memberships if m.is_privacy_officer],
        },
    )
    if request.method == "POST" and form.is_valid():
        services.referral_roles_update(
            actor=_member(request),
            organization=organization,
            accepts_referrals=form.cleaned_data["accepts_referrals"],
            handlers={int(pk) for pk in form.cleaned_data["handlers"]},
            privacy_officers={int(pk) for pk in form.cleaned_data["privacy_officers"]},
        )
        messages.success(request, _("Saved."))
        return redirect("referrals:roles", organization_uuid=organization.uuid)
    return render(request, "referrals/roles.html", {"form": form, "organization": organization})


@login_required
@never_cache
def key_person_referring(request: HttpRequest) -> HttpResponse:
    """A key person switches referring as themselves on or off."""
    if not policies.can_switch_key_person_referring(request.user):
        raise PermissionDenied
    if request.method == "POST":
        services.key_person_referring_set(
            actor=_member(request), enabled=request.POST.get("enabled") == "1"
        )
        messages.success(request, _("Saved."))
        return redirect("referrals:key-person")
    return render(
        request,
        "referrals/key_person.html",
        {"enabled": policies.referring_key_person(request.user) is not None},
    )


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    blocks = [
        (organization.name, selectors.statistics(organizations=[organization]))
        for organization in policies.report_organizations(user)
    ]
    for network in Network.objects.filter(coordinators=user).order_by("name"):
        members = Organization.objects.filter(
            network_memberships__network=network, network_memberships__status="member"
        )
        blocks.append((network.name, selectors.statistics(organizations=members)))
    if not blocks:
        raise PermissionDenied
    return render(request, "referrals/reports.html", {"blocks": blocks})


@login_required
@never_cache
def audit_log(request: HttpRequest, organization_uuid: UUID) -> HttpResponse:
    organization = get_object_or_404(Organization, uuid=organization_uuid)
    if organization not in policies.privacy_officer_organizations(request.user):
        raise PermissionDenied
    return render(
        request,
        "referrals/audit.html",
        {
            "organization": organization,
            "entries": selectors.audit_trail(organization=organization)[:500],
        },
    )


# The public help guide and the guide for key persons and professionals.


@require_safe
def help_guide(request: HttpRequest) -> HttpResponse:
    """The questions and every service they can lead to, on one page; the stylesheet shows one
    question at a time and the services that fit the answers chosen. Nothing is sent, so
    nothing is stored, in the address or in a cookie, and Back never meets a resubmission."""
    return render(
        request,
        "referrals/guide.html",
        {
            "questions": guide.QUESTIONS,
            "steps": len(guide.QUESTIONS),
            "results": guide.guide_results(),
            "help_now": help_now_lines(),
        },
    )


def guide_professionals(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "referrals/guide_professionals.html",
        {"advice_lines": advice_lines()},
    )

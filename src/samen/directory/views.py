"""Pages of the social map: public home, search and detail; members' organisation pages."""

from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from samen.accounts.models import User
from samen.audit.services import SystemActor
from samen.core.errors import ApplicationError
from samen.web import ratelimit
from samen.web.microcache import anonymous_page
from samen.web.once import Once
from samen.web.once import issue as once_issue

from . import freshness, logos, policies, selectors, services
from .forms import (
    SUGGESTION_MAX_AGE,
    SUGGESTION_MIN_SECONDS,
    SUGGESTION_STAMP,
    KeyPersonSearchForm,
    MessageForm,
    OrganizationSearchForm,
    SearchForm,
    SuggestionForm,
)
from .hours import amsterdam_now, is_open_at
from .listing_forms import (
    KeyPersonForm,
    OrganizationForm,
    PhoneFormSet,
    PlaceFormSet,
    ServiceForm,
    VerifyForm,
    phone_initial,
    place_initial,
)
from .models import (
    KeyPerson,
    ListingSuggestion,
    Network,
    NetworkMembership,
    Organization,
    Service,
    ServiceArea,
)
from .search import ServiceFilter
from .services import ServiceProfile


def home(request: HttpRequest) -> HttpResponse:
    topics = selectors.topic_choices()
    return render(
        request,
        "directory/home.html",
        {
            "form": SearchForm(topics=selectors.topic_options()),
            "entry_points": [t for t in topics if t.is_entry_point],
            "help_now": selectors.help_now_lines(),
        },
    )


@anonymous_page
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, topics=selectors.topic_options())
    page_number = 1
    if form.is_bound:
        form.is_valid()
        page_number = form.cleaned_data.get("page") or 1
    filters = form.to_filter() if form.is_bound else ServiceFilter()
    result_page = selectors.service_search(
        filters=filters, page=page_number, page_size=settings.SEARCH_PAGE_SIZE
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/service_search.html",
        {
            "form": form,
            "page": result_page,
            "query_without_page": query.urlencode(),
            "active_filters": form.active_filter_count(),
            "help_now": selectors.help_now_lines() if not result_page.total else [],
            "suggestions": selectors.need_suggestions() if not result_page.total else [],
        },
    )


def pocket_card(request: HttpRequest) -> HttpResponse:
    """The day-and-night lines on a card to print (A6) for key persons to hand out: what each
    is for in the visitor's language and in Dutch."""
    return render(
        request,
        "directory/pocket_card.html",
        {"help_now": selectors.help_now_lines(), "is_dutch": get_language() == "nl"},
    )


@anonymous_page
def service_detail(request: HttpRequest, service_uuid: UUID) -> HttpResponse:
    service = selectors.service_detail(service_uuid=service_uuid)
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "open_now": is_open_at(
                open_24_7=service.open_24_7,
                schedules=service.schedules.all(),
                moment=amsterdam_now(),
            ),
            "has_hours": service.open_24_7 or bool(service.schedules.all()),
            "professional_phones": [p for p in service.phones.all() if p.professional_description],
            "served_places": [
                area.name
                for area in service.service_areas.all()
                if area.extent_type == ServiceArea.ExtentType.PLACE
            ],
        },
    )


@anonymous_page
def organization_detail(request: HttpRequest, organization_uuid: UUID) -> HttpResponse:
    organization = selectors.organization_detail(organization_uuid=organization_uuid)
    return render(request, "directory/organization_detail.html", {"organization": organization})


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    if not policies.can_register_organization(request.user):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, topics=selectors.topic_options())
    if request.method == "POST" and form.is_valid():
        organization = services.organization_register(
            actor=request.user,  # type: ignore[arg-type]
            **form.profile(),
        )
        messages.success(
            request, _("Your organisation is registered. It shows as not yet verified for now.")
        )
        return redirect("directory:organization-edit", organization_uuid=organization.uuid)
    return render(request, "directory/organization_form.html", {"form": form})


@login_required
def organization_edit(request: HttpRequest, organization_uuid: UUID) -> HttpResponse:
    organization = get_object_or_404(Organization, uuid=organization_uuid)
    if not policies.can_edit_organization(request.user, organization):
        raise PermissionDenied
    form = OrganizationForm(
        request.POST or None,
        request.FILES or None,
        topics=selectors.topic_options(),
        initial=OrganizationForm.initial_for(organization),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data.get("logo"):
                logos.organization_logo_set(
                    actor=request.user,  # type: ignore[arg-type]
                    organization=organization,
                    upload=form.cleaned_data["logo"],
                )
            services.organization_update(
                actor=request.user,  # type: ignore[arg-type]
                organization=organization,
                data=form.profile(keep=organization),
            )
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Saved. Thank you for keeping your listing true."))
            return redirect("directory:organization-edit", organization_uuid=organization.uuid)
    return render(
        request,
        "directory/organization_form.html",
        {
            "form": form,
            "organization": organization,
            "history": selectors.listing_history(organization=organization),
        },
    )


@login_required
def organization_verify(request: HttpRequest, organization_uuid: UUID) -> HttpResponse:
    organization = get_object_or_404(Organization, uuid=organization_uuid)
    if not policies.can_verify_organization(request.user, organization):
        raise PermissionDenied
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_verify(
                actor=request.user,  # type: ignore[arg-type]
                organization=organization,
                method=form.cleaned_data["method"],
            )
        except ApplicationError as error:
            form.add_error("method", error.message)
        else:
            messages.success(request, _("The organisation is now shown as verified."))
            return redirect("directory:organization-detail", organization_uuid=organization.uuid)
    return render(
        request, "directory/organization_verify.html", {"form": form, "organization": organization}
    )


@dataclass
class _ServiceForms:
    """The service form with its phone and place rows, bound and validated together."""

    main: ServiceForm
    phones: Any
    places: Any

    def is_valid(self) -> bool:
        # Validate all three, so every error shows at once.
        return all([self.main.is_valid(), self.phones.is_valid(), self.places.is_valid()])

    def profile(self, service: Service | None) -> ServiceProfile:
        kept = list(service.phones.all()) if service else []
        phones = [
            form.line(keep=kept[i] if i < len(kept) else None) for i, form in _rows(self.phones)
        ]
        places = [form.place() for _, form in _rows(self.places)]
        return self.main.profile(phones=phones, places=places, keep=service)


def _rows(formset: Any) -> list[tuple[int, Any]]:
    """(position, form) of the rows to keep: every existing row not ticked for deletion, and
    every new row that was filled in."""
    return [
        (i, form)
        for i, form in enumerate(formset)
        if not form.cleaned_data.get("DELETE")
        and (i < formset.initial_form_count() or form.has_changed())
    ]


def _service_forms(request: HttpRequest, service: Service | None) -> _ServiceForms:
    data = request.POST or None
    return _ServiceForms(
        main=ServiceForm(
            data,
            topics=selectors.topic_options(),
            initial=ServiceForm.initial_for(service) if service else None,
        ),
        phones=PhoneFormSet(
            data, prefix="phones", initial=phone_initial(service) if service else None
        ),
        places=PlaceFormSet(
            data, prefix="places", initial=place_initial(service) if service else None
        ),
    )


def _save_service(
    request: HttpRequest, forms: _ServiceForms, organization: Organization, service: Service | None
) -> Service | None:
    try:
        return services.service_save(
            actor=request.user,  # type: ignore[arg-type]
            organization=organization,
            profile=forms.profile(service),
            service=service,
        )
    except ApplicationError as error:
        forms.main.add_error(error.field, error.message)
        return None


@login_required
def service_create(request: HttpRequest, organization_uuid: UUID) -> HttpResponse:
    organization = get_object_or_404(Organization, uuid=organization_uuid)
    if not policies.can_edit_organization(request.user, organization):
        raise PermissionDenied
    forms = _service_forms(request, None)
    if request.method == "POST" and forms.is_valid():
        service = _save_service(request, forms, organization, None)
        if service is not None:
            messages.success(request, _("The service is on the map."))
            return redirect("directory:service-edit", service_uuid=service.uuid)
    return render(
        request, "directory/service_form.html", {"forms": forms, "organization": organization}
    )


@login_required
def service_edit(request: HttpRequest, service_uuid: UUID) -> HttpResponse:
    service = get_object_or_404(Service.objects.select_related("organization"), uuid=service_uuid)
    organization = service.organization
    if not policies.can_edit_organization(request.user, organization):
        raise PermissionDenied
    forms = _service_forms(request, service)
    saved = request.method == "POST" and forms.is_valid()
    if saved and _save_service(request, forms, organization, service) is not None:
        messages.success(request, _("Saved. Thank you for keeping your listing true."))
        return redirect("directory:service-edit", service_uuid=service.uuid)
    return render(
        request,
        "directory/service_form.html",
        {"forms": forms, "organization": organization, "service": service},
    )


# The signed, single-use token in the URL is what authorises this action, so a CSRF cookie
# adds nothing; leaving it out keeps this page cookie-free like every public page.
@csrf_exempt
def organization_confirm(request: HttpRequest, token: str) -> HttpResponse:
    organization = freshness.organization_for_token(token)
    if organization is None:
        return render(request, "directory/organization_confirm.html", {"invalid": True}, status=404)
    if request.method == "POST":
        freshness.organization_confirm_current(
            actor=freshness.confirming_actor(), organization=organization
        )
        return render(
            request,
            "directory/organization_confirm.html",
            {"organization": organization, "confirmed": True},
        )
    return render(request, "directory/organization_confirm.html", {"organization": organization})


# Anonymous and cookie-free like every public page: there is no session to protect, so no
# CSRF cookie; robots are held off by SuggestionForm and a rate limit per address.
@csrf_exempt
def suggestion_create(request: HttpRequest, organization_uuid: UUID) -> HttpResponse:
    organization = get_object_or_404(Organization, uuid=organization_uuid)
    form = SuggestionForm(request.POST or None)
    context: dict[str, object] = {"organization": organization, "form": form}
    if request.method == "POST":
        # The start stamp is the form's single-use key: a second send shows the thanks again.
        once = Once.from_post(
            request,
            SUGGESTION_STAMP,
            field="started",
            max_age=SUGGESTION_MAX_AGE,
            min_age=SUGGESTION_MIN_SECONDS,
        )
        if once.first_result() is not None:
            context["sent"] = True
        elif not form.is_valid():
            pass
        elif once.nonce is None:
            form.add_error(None, once.error)
        elif not ratelimit.allow(request, action="suggest", limit=5, window_seconds=3600):
            form.add_error(None, _("You sent many suggestions. Please try again in an hour."))
        else:
            if not form.is_robot:  # a robot is thanked too, so it learns nothing
                once.create(
                    lambda: str(
                        services.suggestion_submit(
                            actor=SystemActor("anonymous"),
                            organization=organization,
                            text=form.cleaned_data["text"],
                        ).pk
                    )
                )
            context["sent"] = True
    # Each form shown gets a fresh start time; what was typed stays in the bound form.
    context["started"] = SuggestionForm.start_stamp()
    return render(request, "directory/suggestion_form.html", context)


@login_required
def suggestion_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/suggestion_queue.html",
        {"suggestions": selectors.suggestions_open_for(user=request.user)},  # type: ignore[arg-type]
    )


@login_required
def suggestion_handle(request: HttpRequest, suggestion_uuid: UUID) -> HttpResponse:
    suggestion = get_object_or_404(
        ListingSuggestion.objects.select_related("organization"), uuid=suggestion_uuid
    )
    if request.method != "POST" or not policies.can_handle_suggestion(request.user, suggestion):
        raise PermissionDenied
    try:
        services.suggestion_handle(
            actor=request.user,  # type: ignore[arg-type]
            suggestion=suggestion,
            status=request.POST.get("status", ""),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("directory:suggestion-queue")


@login_required
def key_person_edit(request: HttpRequest) -> HttpResponse:
    """A person's own key-person profile (created on first save)."""
    person = KeyPerson.objects.filter(user=cast(User, request.user)).first()
    form = KeyPersonForm(
        request.POST or None,
        topics=selectors.topic_options(),
        initial=KeyPersonForm.initial_for(person) if person else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.key_person_save(
                actor=request.user,  # type: ignore[arg-type]
                **form.profile(keep=person.introduction if person else None),
            )
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("directory:key-person-edit")
    return render(request, "directory/key_person_form.html", {"form": form, "person": person})


def key_person_search(request: HttpRequest) -> HttpResponse:
    form = KeyPersonSearchForm(request.GET or None, topics=selectors.topic_options())
    people: list[KeyPerson] = []
    if form.is_bound:
        form.is_valid()
    data = form.cleaned_data if form.is_bound else {}
    people = selectors.key_person_search(
        viewer=request.user,
        language=data.get("language", ""),
        community=data.get("community", ""),
        topic_code=data.get("topic", ""),
        near=form.point,
    )
    return render(request, "directory/key_person_search.html", {"form": form, "people": people})


def key_person_detail(request: HttpRequest, key_person_uuid: UUID) -> HttpResponse:
    person = selectors.key_person_detail(viewer=request.user, key_person_uuid=key_person_uuid)
    return render(request, "directory/key_person_detail.html", {"person": person})


def network_list(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/network_list.html", {"networks": selectors.networks()})


def network_detail(request: HttpRequest, network_uuid: UUID) -> HttpResponse:
    network = get_object_or_404(Network, uuid=network_uuid)
    return render(
        request,
        "directory/network_detail.html",
        {
            "network": network,
            "members": selectors.network_members(network=network),
            "is_coordinator": policies.is_network_coordinator(request.user, network),
        },
    )


@login_required
def network_manage(request: HttpRequest, network_uuid: UUID) -> HttpResponse:
    """The coordinator's page: decide on join requests; see members' verification and checks."""
    network = get_object_or_404(Network, uuid=network_uuid)
    if not policies.is_network_coordinator(request.user, network):
        raise PermissionDenied
    if request.method == "POST":
        try:
            if request.POST.get("organization"):
                services.network_membership_invite(
                    actor=request.user,  # type: ignore[arg-type]
                    network=network,
                    organization=get_object_or_404(Organization, uuid=request.POST["organization"]),
                )
            else:
                services.network_membership_decide(
                    actor=request.user,  # type: ignore[arg-type]
                    membership=get_object_or_404(
                        NetworkMembership, uuid=request.POST.get("membership", ""), network=network
                    ),
                    accept=request.POST.get("decision") == "accept",
                )
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("directory:network-manage", network_uuid=network.uuid)
    return render(
        request,
        "directory/network_manage.html",
        {
            "network": network,
            "requests": selectors.network_requests(network=network),
            "members": selectors.network_members(network=network),
            "candidates": selectors.organizations_to_invite(network=network),
        },
    )


@login_required
def network_join(request: HttpRequest, organization_uuid: UUID) -> HttpResponse:
    """An organisation's owner asks to join a network."""
    organization = get_object_or_404(Organization, uuid=organization_uuid)
    if not policies.can_request_network_membership(request.user, organization):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("invitation"):
        invitation = get_object_or_404(
            NetworkMembership, uuid=request.POST["invitation"], organization=organization
        )
        try:
            services.network_invitation_answer(
                actor=request.user,  # type: ignore[arg-type]
                membership=invitation,
                accept=request.POST.get("decision") == "accept",
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("directory:network-join", organization_uuid=organization.uuid)
    if request.method == "POST":
        network = get_object_or_404(Network, uuid=request.POST.get("network", ""))
        services.network_membership_request(
            actor=request.user,  # type: ignore[arg-type]
            organization=organization,
            network=network,
        )
        messages.success(request, _("Your request is sent to the network's coordinators."))
        return redirect("directory:organization-edit", organization_uuid=organization.uuid)
    return render(
        request,
        "directory/network_join.html",
        {
            "organization": organization,
            "networks": selectors.networks_to_join(organization=organization),
            "invitations": selectors.network_invitations(organization=organization),
        },
    )


def organization_search(request: HttpRequest) -> HttpResponse:
    form = OrganizationSearchForm(request.GET or None, topics=selectors.topic_options())
    if form.is_bound:
        form.is_valid()
    data = form.cleaned_data if form.is_bound else {}
    organizations = selectors.organization_search(
        kind=data.get("kind", ""),
        language=data.get("language", ""),
        community=data.get("community", ""),
        region=data.get("region", ""),
        topic_code=data.get("topic", ""),
    )
    return render(
        request,
        "directory/organization_search.html",
        {"form": form, "organizations": organizations},
    )


@login_required
def key_person_message(request: HttpRequest, key_person_uuid: UUID) -> HttpResponse:
    """Write to a key person through samen; only someone who may see the profile can."""
    person = selectors.key_person_detail(viewer=request.user, key_person_uuid=key_person_uuid)
    user = cast(User, request.user)
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        # A second send of the same form (a double tap) relays nothing twice.
        once = Once.from_post(request, "key-person-message")
        sent = once.first_result() is not None
        if sent or not form.is_valid():
            pass
        elif not ratelimit.allow(
            request, action="message", limit=10, window_seconds=86400, key=str(user.pk)
        ):
            form.add_error(None, _("You sent many messages today. Please try again tomorrow."))
        else:
            try:
                once.create(
                    lambda: str(
                        services.key_person_message(
                            actor=user, person=person, text=form.cleaned_data["text"]
                        ).pk
                    )
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                sent = True
        if sent:
            messages.success(request, _("Your message is sent."))
            return redirect("directory:key-person-detail", key_person_uuid=person.uuid)
    return render(
        request,
        "directory/key_person_message.html",
        {
            "form": form,
            "form_key": once_issue("key-person-message", user=request.user),
            "person": person,
        },
    )

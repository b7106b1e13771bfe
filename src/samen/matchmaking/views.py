"""Pages of the session exchange: the board of requests and offers, posting, responding."""

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samen.accounts.models import User
from samen.core.errors import ApplicationError
from samen.directory.selectors import topic_choices, topic_options
from samen.web.acting import acting_as
from samen.web.once import Once
from samen.web.once import issue as once_issue

from . import policies, selectors, services
from .forms import BoardForm, OfferForm, RequestForm, RespondForm
from .models import MatchResponse, SessionOffer, SessionRequest


def _member(request: HttpRequest) -> User:
    return cast(User, request.user)


def board(request: HttpRequest) -> HttpResponse:
    form = BoardForm(request.GET or None, topics=topic_options())
    filters = form.to_filter()
    return render(
        request,
        "matchmaking/board.html",
        {
            "form": form,
            "requests": selectors.board_requests(viewer=request.user, filters=filters),
            "offers": selectors.board_offers(viewer=request.user, filters=filters),
            "is_member": policies.is_member(request.user),
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    requests, offers = selectors.posts_of(request.user)
    return render(
        request,
        "matchmaking/mine.html",
        {
            "requests": requests,
            "offers": offers,
            "responses": selectors.responses_of(request.user),
            "requesters": policies.requesters_for(request.user),
            "offerers": policies.offerers_for(request.user),
        },
    )


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    options = policies.requesters_for(request.user)
    requester = acting_as(request, options)
    form = RequestForm(request.POST or None, topics=list(topic_choices()))
    if request.method == "POST":
        once = Once.from_post(request, "session-request")
        posted = once.first_result()
        if posted is None and form.is_valid():
            try:
                posted = once.create(
                    lambda: str(
                        services.request_post(
                            actor=_member(request), requester=requester, data=form.request_data()
                        ).uuid
                    )
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
        if posted is not None:
            messages.success(request, _("Your request is on the exchange."))
            return redirect("matchmaking:request", post_uuid=posted)
    return render(
        request,
        "matchmaking/post_form.html",
        {
            "form": form,
            "form_key": once_issue("session-request", user=request.user),
            "poster": requester,
            "options": options,
            "kind": "request",
        },
    )


@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    options = policies.offerers_for(request.user)
    organization = acting_as(request, options)
    form = OfferForm(request.POST or None, topics=list(topic_choices()))
    if request.method == "POST":
        once = Once.from_post(request, "session-offer")
        posted = once.first_result()
        if posted is None and form.is_valid():
            try:
                posted = once.create(
                    lambda: str(
                        services.offer_post(
                            actor=_member(request),
                            organization=organization,
                            data=form.offer_data(),
                        ).uuid
                    )
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
        if posted is not None:
            messages.success(request, _("Your offer is on the exchange."))
            return redirect("matchmaking:offer", post_uuid=posted)
    return render(
        request,
        "matchmaking/post_form.html",
        {
            "form": form,
            "form_key": once_issue("session-offer", user=request.user),
            "poster": organization,
            "options": options,
            "kind": "offer",
        },
    )


def _detail(request: HttpRequest, kind: str, post_uuid: UUID) -> HttpResponse:
    post = selectors.post_detail(viewer=request.user, kind=kind, post_uuid=post_uuid)
    responders = policies.responders_for(request.user, post)
    form = RespondForm(request.POST or None, responders=responders)
    if request.method == "POST":
        if not responders:
            raise PermissionDenied
        once = Once.from_post(request, "session-response")
        sent = once.first_result()
        if sent is None and form.is_valid():
            try:
                sent = once.create(
                    lambda: str(
                        services.match_respond(
                            actor=_member(request),
                            post=post,
                            responder=form.responders[form.cleaned_data["responder"]],
                            message=form.cleaned_data["message"],
                        ).uuid
                    )
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
        if sent is not None:
            messages.success(request, _("Sent. You will get an e-mail when they answer."))
            return redirect(request.path)
    return render(
        request,
        "matchmaking/post_detail.html",
        {
            "post": post,
            "kind": kind,
            "form": form if responders else None,
            "form_key": once_issue("session-response", user=request.user),
            "responses": selectors.responses_visible(viewer=request.user, post=post),
            "can_manage": policies.can_manage_post(request.user, post),
        },
    )


def request_detail(request: HttpRequest, post_uuid: UUID) -> HttpResponse:
    return _detail(request, "request", post_uuid)


def offer_detail(request: HttpRequest, post_uuid: UUID) -> HttpResponse:
    return _detail(request, "offer", post_uuid)


@login_required
def post_close(request: HttpRequest, kind: str, post_uuid: UUID) -> HttpResponse:
    post: SessionRequest | SessionOffer
    if kind == "request":
        post = get_object_or_404(SessionRequest, uuid=post_uuid)
    else:
        post = get_object_or_404(SessionOffer, uuid=post_uuid)
    if request.method != "POST" or not policies.can_manage_post(request.user, post):
        raise PermissionDenied
    services.post_close(actor=_member(request), post=post)
    messages.success(request, _("Taken off the exchange."))
    return redirect("matchmaking:mine")


@login_required
def response_answer(request: HttpRequest, response_uuid: UUID) -> HttpResponse:
    response = get_object_or_404(MatchResponse, uuid=response_uuid)
    if request.method != "POST" or not policies.can_answer_response(request.user, response):
        raise PermissionDenied
    try:
        draft = services.match_answer(
            actor=_member(request), response=response, accept=request.POST.get("accept") == "1"
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("matchmaking:mine")
    if draft is not None:
        messages.success(
            request,
            _("A draft session for you both is ready. Fill in the details, then publish it."),
        )
        return redirect("sessions:edit", session_uuid=draft.uuid)
    return redirect("matchmaking:mine")

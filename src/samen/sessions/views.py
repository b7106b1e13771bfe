"""Pages of the knowledge exchange: the public calendar, registration without an account,
organisers' pages and the toolkit library."""

import base64
import io
from typing import cast
from uuid import UUID

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from samen.accounts.models import User
from samen.core.errors import ApplicationError
from samen.core.translation import pick
from samen.directory.models import KeyPerson, Organization
from samen.directory.selectors import topic_choices, topic_options
from samen.web import ratelimit
from samen.web.acting import acting_as
from samen.web.once import Once

from . import exports, policies, selectors, services
from .forms import (
    REGISTRATION_STAMP,
    REGISTRATION_STAMP_MAX_AGE,
    AttendanceForm,
    CalendarForm,
    CancelForm,
    FeedbackForm,
    HostInviteForm,
    RegistrationForm,
    SessionForm,
    ToolkitForm,
)
from .models import Attendance, Host, InfoSession, Registration, Toolkit


def _member(request: HttpRequest) -> User:
    """The signed-in user on a login_required page."""
    return cast(User, request.user)


def calendar(request: HttpRequest) -> HttpResponse:
    form = CalendarForm(request.GET or None, topics=topic_options())
    if form.is_bound:
        form.is_valid()
    entries = selectors.calendar(filters=form.to_filter())
    return render(
        request,
        "sessions/calendar.html",
        {"form": form, "entries": entries, "feed_query": request.GET.urlencode()},
    )


def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The calendar with the same filters as an iCalendar feed to subscribe to."""
    form = CalendarForm(request.GET or None, topics=topic_options())
    if form.is_bound:
        form.is_valid()
    sessions = [entry.session for entry in selectors.calendar(filters=form.to_filter())]
    return HttpResponse(
        exports.icalendar(sessions, _("samen information sessions")),
        content_type="text/calendar; charset=utf-8",
    )


def detail(request: HttpRequest, session_uuid: UUID) -> HttpResponse:
    session = selectors.public_session(session_uuid=session_uuid, viewer=request.user)
    places_left = selectors.places_left(session)
    return render(
        request,
        "sessions/detail.html",
        {
            "session": session,
            "places_left": places_left,
            "place": exports.public_place(session),
            "json_ld": exports.json_ld_script(exports.event_json_ld(session, places_left)),
            "can_manage": policies.can_manage_session(request.user, session),
        },
    )


def session_ics(request: HttpRequest, session_uuid: UUID) -> HttpResponse:
    session = selectors.public_session(session_uuid=session_uuid, viewer=request.user)
    response = HttpResponse(
        exports.icalendar([session], pick(session.title)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="session.ics"'
    return response


@csrf_exempt  # no account and no cookie: a honeypot, a signed start time and a rate limit
def register(request: HttpRequest, session_uuid: UUID) -> HttpResponse:
    session = selectors.public_session(session_uuid=session_uuid, viewer=request.user)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        # The form's stamp is its single-use key; the private link is made from it, so a
        # second send (a double tap, a reload) shows the same link and registers nobody twice.
        once = Once.from_post(
            request, REGISTRATION_STAMP, field="started", max_age=REGISTRATION_STAMP_MAX_AGE
        )
        token = once.secret("registration")
        if once.first_result() is not None:
            return _registered(token)
        if not form.is_valid():
            pass
        elif not ratelimit.allow(request, action="register", limit=10, window_seconds=3600):
            form.add_error(None, _("Too many registrations from here. Please try again later."))
        elif form.is_robot or once.nonce is None:
            raise Http404
        else:
            try:
                once.create(
                    lambda: str(
                        services.session_register(
                            session=session,
                            data=form.registration_data(),
                            language=translation.get_language() or "nl",
                            token=token,
                        )[0].uuid
                    )
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                return _registered(token)
    return render(
        request,
        "sessions/register.html",
        {
            "session": session,
            "form": form,
            "started": RegistrationForm.start_stamp(),
            "places_left": selectors.places_left(session),
        },
    )


def _registered(token: str) -> HttpResponse:
    return redirect(reverse("sessions:registration", kwargs={"token": token}) + "?new=1")


@csrf_exempt  # the private link is the credential; no cookie is set
def registration(request: HttpRequest, token: str) -> HttpResponse:
    found = services.registration_for_token(token)
    if found is None:
        raise Http404
    form = RegistrationForm(
        request.POST if request.POST.get("action") == "change" else None,
        initial={
            "nickname": found.nickname,
            "email": found.email,
            "phone": found.phone,
            "interpreter_language": found.interpreter_language,
            "needs_childcare": found.needs_childcare,
        },
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                services.registration_cancel(registration=found)
                return redirect("sessions:registration", token=token)
            if form.is_valid():
                services.registration_update(registration=found, data=form.registration_data())
                return redirect("sessions:registration", token=token)
        except ApplicationError as error:
            form.add_error(None, error.message)
    session = selectors.public_session(session_uuid=found.session.uuid, viewer=request.user)
    return render(
        request,
        "sessions/registration.html",
        {
            "registration": found,
            "session": session,
            "form": form,
            "is_new": request.GET.get("new") == "1",
            "place": exports.full_address(session),
            "link": request.build_absolute_uri(request.path),
        },
    )


def _feedback_token(session: InfoSession) -> str:
    return signing.dumps(str(session.uuid), salt="feedback")


@csrf_exempt  # anonymous participants, no cookie
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    try:
        session_uuid = signing.loads(token, salt="feedback")
    except signing.BadSignature:
        raise Http404 from None
    session = get_object_or_404(InfoSession, uuid=session_uuid)
    form = FeedbackForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(
            request, action=f"feedback:{session.pk}", limit=3, window_seconds=86400
        ):
            form.add_error(None, _("Thank you, we already received your answers."))
        else:
            try:
                services.feedback_submit(
                    session=session,
                    answers=form.cleaned_data,
                    language=translation.get_language() or "nl",
                )
                sent = True
            except ApplicationError as error:
                form.add_error(None, error.message)
    return render(
        request, "sessions/feedback.html", {"session": session, "form": form, "sent": sent}
    )


# Organisers


def _managed(request: HttpRequest, session_uuid: UUID) -> InfoSession:
    session = get_object_or_404(InfoSession, uuid=session_uuid)
    if not policies.can_manage_session(request.user, session):
        raise PermissionDenied
    return session


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "sessions/mine.html",
        {
            "sessions": selectors.sessions_hosted_by(viewer=request.user),
            "invitations": selectors.invitations_for(viewer=request.user),
            "leads": policies.leads_user_may_act_as(request.user),
        },
    )


def _session_form(
    request: HttpRequest, *, series: bool, initial: dict | None = None
) -> SessionForm:
    return SessionForm(
        request.POST or None,
        initial=initial,
        topics=list(topic_choices()),
        toolkits=list(selectors.approved_toolkits()),
        series=series,
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    leads = policies.leads_user_may_act_as(request.user)
    lead = acting_as(request, leads)
    form = _session_form(request, series=True)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.session_create(
                actor=_member(request),
                lead=lead,
                data=form.session_data(),
                repeat_every_days=int(form.cleaned_data.get("repeat") or 0),
                repeat_count=form.cleaned_data.get("repeat_count") or 1,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The session is in the calendar."))
            return redirect("sessions:detail", session_uuid=created[0].uuid)
    return render(
        request, "sessions/form.html", {"form": form, "lead": lead, "leads": leads, "session": None}
    )


@login_required
def edit(request: HttpRequest, session_uuid: UUID) -> HttpResponse:
    session = _managed(request, session_uuid)
    form = _session_form(request, series=False, initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(
                actor=_member(request),
                session=session,
                data=form.session_data(),
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved. People who registered are told about changes."))
            return redirect("sessions:detail", session_uuid=session.uuid)
    return render(request, "sessions/form.html", {"form": form, "session": session})


@login_required
def cancel(request: HttpRequest, session_uuid: UUID) -> HttpResponse:
    session = _managed(request, session_uuid)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                actor=_member(request),
                session=session,
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("The session is cancelled and the people who registered are told.")
            )
            return redirect("sessions:detail", session_uuid=session.uuid)
    return render(request, "sessions/cancel.html", {"form": form, "session": session})


@login_required
def publish(request: HttpRequest, session_uuid: UUID) -> HttpResponse:
    session = _managed(request, session_uuid)
    if request.method != "POST":
        raise PermissionDenied
    try:
        services.session_publish(actor=_member(request), session=session)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("sessions:detail", session_uuid=session.uuid)


@login_required
def hosts(request: HttpRequest, session_uuid: UUID) -> HttpResponse:
    session = _managed(request, session_uuid)
    form = HostInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"].strip()
        candidates: list[Organization | KeyPerson] = [
            *Organization.objects.filter(name__iexact=name, is_demo=False),
            *KeyPerson.objects.filter(display_name__iexact=name),
        ]
        if len(candidates) != 1:
            form.add_error(
                "name",
                _("We found no one by that name.")
                if not candidates
                else _("More than one has this name; ask them for their exact name on samen."),
            )
        else:
            try:
                services.host_invite(actor=_member(request), session=session, host=candidates[0])
            except ApplicationError as error:
                form.add_error("name", error.message)
            else:
                messages.success(
                    request, _("Invitation sent. They can accept it on their sessions page.")
                )
                return redirect("sessions:hosts", session_uuid=session.uuid)
    return render(
        request,
        "sessions/hosts.html",
        {
            "session": session,
            "form": form,
            "hosts": session.hosts.select_related("organization", "key_person"),
        },
    )


@login_required
def host_answer(request: HttpRequest, host_uuid: UUID) -> HttpResponse:
    host = get_object_or_404(Host, uuid=host_uuid)
    if request.method != "POST" or not policies.can_answer_invitation(request.user, host):
        raise PermissionDenied
    try:
        services.host_answer(
            actor=_member(request),
            host=host,
            accept=request.POST.get("accept") == "1",
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("sessions:mine")


@login_required
def registrations(request: HttpRequest, session_uuid: UUID) -> HttpResponse:
    session = _managed(request, session_uuid)
    listed = list(selectors.registrations_for_organiser(session=session))
    services.registrations_viewed(actor=_member(request), session=session, count=len(listed))
    return render(
        request,
        "sessions/registrations.html",
        {
            "session": session,
            "confirmed": [r for r in listed if r.status == Registration.Status.CONFIRMED],
            "waiting": [r for r in listed if r.status == Registration.Status.WAITING],
        },
    )


@login_required
def after(request: HttpRequest, session_uuid: UUID) -> HttpResponse:
    """Attendance counts, the feedback link and QR code, and the feedback aggregates."""
    session = _managed(request, session_uuid)
    existing = Attendance.objects.filter(session=session).first()
    initial = (
        {name: getattr(existing, name) for name in AttendanceForm.base_fields} if existing else None
    )
    form = AttendanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                actor=_member(request), session=session, counts=form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("sessions:after", session_uuid=session.uuid)
    link = request.build_absolute_uri(reverse("sessions:feedback", args=[_feedback_token(session)]))
    return render(
        request,
        "sessions/after.html",
        {
            "session": session,
            "form": form,
            "feedback_link": link,
            "qr_code": _qr_data_uri(link),
            "summary": selectors.feedback_summary(session=session),
        },
    )


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


# Toolkits


def toolkit_list(request: HttpRequest) -> HttpResponse:
    proposals = (
        Toolkit.objects.filter(status=Toolkit.Status.PROPOSED)
        if policies.can_decide_toolkit(request.user)
        else Toolkit.objects.none()
    )
    return render(
        request,
        "sessions/toolkit_list.html",
        {
            "toolkits": selectors.approved_toolkits().prefetch_related("topics"),
            "proposals": proposals,
        },
    )


def toolkit_detail(request: HttpRequest, toolkit_uuid: UUID) -> HttpResponse:
    toolkit = selectors.toolkit_detail(toolkit_uuid=toolkit_uuid, viewer=request.user)
    used_in = toolkit.info_sessions.filter(~Q(status=InfoSession.Status.DRAFT)).order_by(
        "-starts_at"
    )[:50]
    return render(
        request,
        "sessions/toolkit_detail.html",
        {
            "toolkit": toolkit,
            "used_in": used_in,
            "can_decide": policies.can_decide_toolkit(request.user),
        },
    )


@login_required
def toolkit_decide(request: HttpRequest, toolkit_uuid: UUID) -> HttpResponse:
    toolkit = get_object_or_404(Toolkit, uuid=toolkit_uuid)
    if request.method != "POST" or not policies.can_decide_toolkit(request.user):
        raise PermissionDenied
    try:
        services.toolkit_decide(
            actor=_member(request),
            toolkit=toolkit,
            approve=request.POST.get("approve") == "1",
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("sessions:toolkits")


@login_required
def toolkit_propose(request: HttpRequest) -> HttpResponse:
    if not policies.can_propose_toolkit(request.user):
        raise PermissionDenied
    form = ToolkitForm(request.POST or None, topics=list(topic_choices()))
    if request.method == "POST" and form.is_valid():
        services.toolkit_propose(actor=_member(request), **form.toolkit_fields())
        messages.success(
            request, _("Thank you. An administrator checks the toolkit before it is listed.")
        )
        return redirect("sessions:toolkits")
    return render(request, "sessions/toolkit_form.html", {"form": form})

"""Uploading an HSDS file: preview what it would change, then apply it (administrators and
network coordinators). The file is read in memory and kept only in the database."""

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from samen.core.errors import ApplicationError

from . import policies, services
from .forms import ImportUploadForm
from .importer import ImportRefused


class InMemoryUpload(MemoryFileUploadHandler):
    """Takes the file in memory only (never a temporary file on disk). A larger request than
    MAX_REQUEST_BYTES is refused before it gets here; one that is not is received whole."""

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        self.activated = content_length <= settings.MAX_REQUEST_BYTES


def _check(request: HttpRequest) -> None:
    if not policies.can_import_hsds(request.user):
        raise PermissionDenied


@csrf_exempt
@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    _check(request)
    # Before anything reads the body: the upload stays in memory.
    request.upload_handlers = [InMemoryUpload(request)]
    return _import_upload(request)


@csrf_protect
def _import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            pending, report = services.pending_import_create(
                actor=request.user,  # type: ignore[arg-type]
                source=form.cleaned_data["source"],
                file_name=upload.name or "upload",
                content=upload.read(),
                language=form.cleaned_data["language"],
                retire_missing=form.cleaned_data["retire_missing"],
            )
        except ImportRefused as refused:
            context.update(refused=refused.message, errors=refused.errors)
        except ApplicationError as error:
            context["refused"] = error.message
        else:
            context.update(pending=pending, report=report)
    return render(request, "imports/import_upload.html", context)


@require_POST
@login_required
def import_apply(request: HttpRequest) -> HttpResponse:
    _check(request)
    try:
        pending = services.pending_import_find(
            actor=request.user,  # type: ignore[arg-type]
            pending_uuid=_uuid(request.POST.get("pending", "")),
        )
        if request.POST.get("discard"):
            services.pending_import_discard(actor=request.user, pending=pending)  # type: ignore[arg-type]
            messages.info(request, _("The upload was discarded; nothing was imported."))
            return redirect("imports:upload")
        report = services.pending_import_apply(actor=request.user, pending=pending)  # type: ignore[arg-type]
    except ImportRefused as refused:
        messages.error(request, refused.message)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        counts = report.counts()
        messages.success(
            request,
            _(
                "Imported from %(source)s: %(new)s new, %(changed)s changed, %(unchanged)s "
                "unchanged, %(retired)s retired."
            )
            % {"source": report.source, **counts},
        )
    return redirect("imports:upload")


def _uuid(value: str) -> str | None:
    try:
        return str(UUID(value))
    except ValueError:
        return None

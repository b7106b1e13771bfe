"""Uploaded HSDS files: kept in the database (never on disk) from their preview until they are
applied, discarded or expire."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.accounts.models import User
from samen.core.errors import ApplicationError

from .importer import ImportReport, check_source, hsds_import
from .models import PendingImport
from .reader import read_bytes

PENDING_IMPORT_MINUTES = 60


def purge_pending_imports() -> int:
    """Delete uploads older than PENDING_IMPORT_MINUTES (the files they hold go with them);
    run daily, and before every upload or apply. Returns how many were deleted."""
    cutoff = timezone.now() - timedelta(minutes=PENDING_IMPORT_MINUTES)
    deleted, _per_model = PendingImport.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def pending_import_create(
    *,
    actor: User,
    source: str,
    file_name: str,
    content: bytes,
    language: str,
    retire_missing: bool,
) -> tuple[PendingImport, ImportReport]:
    """Preview the file (a dry run); keep it for applying only if it can be imported. Raises
    ImportRefused or ApplicationError (nothing kept) when it cannot."""
    purge_pending_imports()
    source = check_source(source)
    report = hsds_import(
        actor=actor,
        source=source,
        records=read_bytes(file_name, content),
        language=language,
        retire_missing=retire_missing,
        dry_run=True,
        file_name=file_name,
    )
    pending = PendingImport.objects.create(
        source=source,
        file_name=file_name[:250],
        content=content,
        language=language,
        retire_missing=retire_missing,
        uploaded_by=actor,
    )
    return pending, report


def pending_import_find(*, actor: User, pending_uuid: str | None) -> PendingImport:
    """The actor's own upload that has not expired, or an ApplicationError."""
    purge_pending_imports()
    pending = (
        PendingImport.objects.filter(uuid=pending_uuid, uploaded_by=actor).first()
        if pending_uuid
        else None
    )
    if pending is None:
        raise ApplicationError(
            _("This upload is no longer waiting (applied, discarded or older than an hour).")
        )
    return pending


def pending_import_apply(*, actor: User, pending: PendingImport) -> ImportReport:
    """Import the previewed file as its uploader chose, audited, and forget the file."""
    with transaction.atomic():
        locked = PendingImport.objects.select_for_update().filter(pk=pending.pk).first()
        if locked is None:
            raise ApplicationError(_("This upload was applied or discarded already."))
        report = hsds_import(
            actor=actor,
            source=locked.source,
            records=read_bytes(locked.file_name, bytes(locked.content)),
            language=locked.language,
            retire_missing=locked.retire_missing,
            file_name=locked.file_name,
        )
        locked.delete()
    return report


def pending_import_discard(*, actor: User, pending: PendingImport) -> None:
    PendingImport.objects.filter(pk=pending.pk, uploaded_by=actor).delete()

"""The referral export: a handler's referrals with their personal fields, as CSV. Each
referral in it gets its own audit entry, so the privacy officer sees every export of it."""

import csv
import io

from django.db import transaction

from samen.accounts.models import User
from samen.audit.services import audit_record

from . import selectors
from .models import Referral

EXPORT_COLUMNS = [
    "reference",
    "created",
    "from",
    "to",
    "status",
    "name",
    "language",
    "needs",
    "urgency",
    "contact channel",
    "contact",
    "safe times",
    "note",
    "outcome",
]


def _spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula is prefixed with an apostrophe."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def referrals_export(*, actor: User, ip_address: str | None) -> str:
    """The CSV of every referral the actor sent or received, audited per referral."""
    ids = {
        *selectors.referrals_sent(viewer=actor).values_list("pk", flat=True),
        *selectors.referrals_received(viewer=actor).values_list("pk", flat=True),
    }
    referrals = (
        Referral.objects.filter(pk__in=ids)
        .select_related("referring_organization", "referring_key_person", "receiving_organization")
        .prefetch_related("needs")
        .order_by("pk")
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    with transaction.atomic():
        for referral in referrals:
            writer.writerow(
                [
                    _spreadsheet_safe(value)
                    for value in (
                        referral.reference,
                        referral.created_at.date().isoformat(),
                        referral.referrer_name,
                        referral.receiving_organization.name,
                        referral.status,
                        referral.person_name,
                        referral.language,
                        " ".join(term.code for term in referral.needs.all()),
                        referral.urgency,
                        referral.contact_channel,
                        referral.contact_details,
                        referral.safe_times,
                        referral.note,
                        referral.outcome,
                    )
                ]
            )
            audit_record(
                actor=actor, action="referral.exported", target=referral, ip_address=ip_address
            )
    return buffer.getvalue()

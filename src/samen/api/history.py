"""HSDS `metadata` of a service: which field of its listing changed when, and in what role.

Read from the audit log entries samen writes when a listing is created or edited in the web app
(service.created / service.updated name the changed fields, never their values), and from the
record of an import. Who changed it is a role ("editor of the organisation", "samen
administrator", "import from Y"), never a person's name: the API is public.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from samen.accounts.models import Membership
from samen.audit.models import AuditEntry
from samen.directory.ids import stable_uuid
from samen.directory.models import Service

SERVICE_ACTIONS = {"service.created": "create", "service.updated": "update"}
TARGET_TYPE = Service._meta.label_lower


@dataclass(frozen=True)
class Change:
    key: str
    at: dt.datetime
    action: str
    field: str
    by: str


History = dict[int, list[Change]]


def _role(entry: AuditEntry, organization_id: int, roles: dict[tuple[int, int], str]) -> str:
    user = entry.actor_user
    if user is None:
        return "samen (" + entry.actor_label.removeprefix("system:") + ")"
    if user.is_staff:
        return "samen administrator"
    role = roles.get((user.pk, organization_id))
    return f"{role} of the organisation" if role else "samen member"


def service_history(services: Sequence[Service]) -> History:
    """The changes of each service (by primary key), oldest first, in two queries."""
    by_pk = {service.pk: service for service in services}
    if not by_pk:
        return {}
    entries = list(
        AuditEntry.objects.filter(
            action__in=SERVICE_ACTIONS,
            target_type=TARGET_TYPE,
            target_id__in=[str(pk) for pk in by_pk],
        )
        .select_related("actor_user")
        .order_by("id")
    )
    users = {entry.actor_user_id for entry in entries if entry.actor_user_id}
    roles = {
        (user_id, organization_id): role
        for user_id, organization_id, role in Membership.objects.filter(
            user_id__in=users,
            organization_id__in={service.organization_id for service in services},
        ).values_list("user_id", "organization_id", "role")
    }
    history: History = defaultdict(list)
    for entry in entries:
        service = by_pk[int(entry.target_id)]
        by = _role(entry, service.organization_id, roles)
        fields = entry.data.get("changed") or ["*"]
        history[service.pk].extend(
            Change(
                key=f"audit:{entry.pk}:{name}",
                at=entry.at,
                action=SERVICE_ACTIONS[entry.action],
                field=str(name),
                by=by,
            )
            for name in fields
        )
    return history


def imported_change(service: Service) -> list[Change]:
    """An imported service says when it came from which source (ImportedRecord)."""
    record = getattr(service, "imported_from", None)
    if record is None:
        return []
    return [
        Change(
            key=f"import:{record.source}:{record.source_id}",
            at=record.imported_at,
            action="import",
            field="*",
            by=f"import from {record.source}",
        )
    ]


def metadata_to_hsds(service: Service, changes: list[Change]) -> list[dict[str, Any]]:
    service_id = str(service.uuid)
    return [
        {
            "id": str(stable_uuid("hsds", "metadata", service_id, change.key)),
            "resource_id": service_id,
            "resource_type": "service",
            "last_action_date": change.at.date().isoformat(),
            "last_action_type": change.action,
            "field_name": change.field,
            # samen's log names the fields that changed, not their values.
            "previous_value": "",
            "replacement_value": "",
            "updated_by": change.by,
        }
        for change in [*changes, *imported_change(service)]
    ]


def with_history(services: Iterable[Service], chunk: int = 500) -> Iterator[tuple[Service, list]]:
    """Each service with its changes, reading the history a chunk at a time (for streaming)."""
    iterator = iter(services)
    while batch := list(islice(iterator, chunk)):
        history = service_history(batch)
        for service in batch:
            yield service, history.get(service.pk, [])

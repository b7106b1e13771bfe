"""Writing audit entries; callers do so inside their own transaction."""

from dataclasses import dataclass
from typing import Any

from django.db import models

from samen.accounts.models import User

from .models import AuditEntry


@dataclass(frozen=True)
class SystemActor:
    """An operator's console command or a scheduled job, acting without a user account."""

    name: str


Actor = User | SystemActor


def audit_record(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    on_behalf_of: str = "",
    ip_address: str | None = None,
) -> AuditEntry:
    user = actor if isinstance(actor, User) else None
    label = actor.get_username() if isinstance(actor, User) else f"system:{actor.name}"
    return AuditEntry.objects.create(
        action=action,
        actor_user=user,
        actor_label=label,
        on_behalf_of=on_behalf_of,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
        ip_address=ip_address,
    )

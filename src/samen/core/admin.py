"""Admin actions land in samen's audit log too, not only in Django's own LogEntry."""

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from samen.audit.services import audit_record
from samen.core.clients import client_ip


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete through the admin writes an audit entry."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def audit_data(self, obj: Any) -> dict[str, Any]:
        """What an audit entry of this model records besides the fields changed (ids only)."""
        return {}

    def _audit(self, request: HttpRequest, obj: models.Model, verb: str, **data: Any) -> None:
        with transaction.atomic():
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                action=f"admin.{obj._meta.model_name}.{verb}",
                target=obj,
                data={**self.audit_data(obj), **data},
                ip_address=client_ip(request),
            )

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, obj, "added")
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        changed = [
            field for item in message if "changed" in item for field in item["changed"]["fields"]
        ]
        self._audit(request, obj, "changed", fields=changed)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            self._audit(request, obj, "deleted")
        return super().log_deletions(request, queryset)

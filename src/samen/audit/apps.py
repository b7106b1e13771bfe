from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "samen.audit"
    label = "audit"

    def ready(self) -> None:
        from . import signals  # noqa: F401 (connects the sign-in receivers)

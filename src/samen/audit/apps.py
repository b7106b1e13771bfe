from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "samen.audit"
    label = "audit"

from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save


class WebConfig(AppConfig):
    name = "samen.web"
    label = "web"

    def ready(self) -> None:
        from .microcache import directory_changed

        # Every change of the directory, and every audited change (each write service makes
        # one, also the bulk loaders), drops the pages the micro-cache keeps.
        for model in apps.get_app_config("directory").get_models():
            post_save.connect(directory_changed, sender=model, dispatch_uid=f"microcache-{model}")
            post_delete.connect(
                directory_changed, sender=model, dispatch_uid=f"microcache-del-{model}"
            )
        for through in (
            field.remote_field.through
            for model in apps.get_app_config("directory").get_models()
            for field in model._meta.local_many_to_many
        ):
            m2m_changed.connect(directory_changed, sender=through, dispatch_uid=f"mc-{through}")
        post_save.connect(
            directory_changed,
            sender=apps.get_model("audit", "AuditEntry"),
            dispatch_uid="microcache-audit",
        )

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samen.core"
    label = "core"

    def ready(self) -> None:
        from . import logs

        logs.configure()

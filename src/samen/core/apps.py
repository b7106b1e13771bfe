from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samen.core"
    label = "core"

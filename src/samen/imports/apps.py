from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "samen.imports"
    label = "imports"

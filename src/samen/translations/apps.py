from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "samen.translations"
    label = "translations"

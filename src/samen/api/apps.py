from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "samen.api"
    label = "api"

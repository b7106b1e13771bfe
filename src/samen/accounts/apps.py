from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "samen.accounts"
    label = "accounts"

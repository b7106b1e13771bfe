from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "samen.referrals"
    verbose_name = "Referrals"

from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "samen.matchmaking"
    verbose_name = "Matchmaking for information sessions"

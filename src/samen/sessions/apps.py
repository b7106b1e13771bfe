from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "samen.sessions"
    # "sessions" is django.contrib.sessions' label.
    label = "infosessions"
    verbose_name = "Information sessions"

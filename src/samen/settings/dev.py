"""Development: debug on, e-mail to the console, a throwaway secret key."""

import os

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = os.environ.get("SAMEN_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("SAMEN_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
SMS_BACKEND = os.environ.get("SAMEN_SMS_BACKEND", "console")

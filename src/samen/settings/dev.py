"""Development: e-mail to the console, a throwaway secret key; debug pages only with
SAMEN_DEBUG=1 (`make dev`), so `make run` never shows a traceback."""

import os
import secrets

from cryptography.fernet import Fernet

from .base import *  # noqa: F403
from .base import AUDIT_KEY, DATA_DIR, ENCRYPTION_KEYS, LOGGING, STORAGES

DEBUG = os.environ.get("SAMEN_DEBUG", "") == "1"
SECRET_KEY = os.environ.get("SAMEN_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
SMS_BACKEND = os.environ.get("SAMEN_SMS_BACKEND", "console")


def _dev_encryption_key() -> list[tuple[str, str]]:
    """A random key kept beside the development database, made on first start."""
    path = DATA_DIR / "dev-encryption.key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return [("dev", path.read_text().strip())]


ENCRYPTION_KEYS = ENCRYPTION_KEYS or _dev_encryption_key()


def _dev_audit_key() -> str:
    """A random audit key beside the development database, made on first start."""
    path = DATA_DIR / "dev-audit.key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


AUDIT_KEY = AUDIT_KEY or _dev_audit_key()

# Readable log lines in a terminal unless JSON is asked for.
LOGGING = {
    **LOGGING,
    "formatters": {
        "structured": {
            "()": "samen.core.logs.formatter",
            "format": os.environ.get("SAMEN_LOG_FORMAT", "console"),
        }
    },
}

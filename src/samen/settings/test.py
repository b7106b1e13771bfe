"""Tests: fast hashing, in-memory e-mail, plain static storage, throwaway uploads."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

# Uploads in tests go to a throwaway folder, never into var/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="samen-test-media-"))
SMS_BACKEND = "locmem"
ENCRYPTION_KEYS = [("test1", "7gdsgkUx_Xb6DGFsbwjX91i-6kXwl-YPNsHOcJaPqOg=")]

"""Tests: fast hashing, in-memory e-mail, plain static storage, throwaway uploads."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Queued work runs at once, so a test sees its mail; tests of the queue itself switch to the
# database backend and run real workers (tests/core/test_outbox.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
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
AUDIT_KEY = "test-only-audit-key-0123456789abcdef"
# Each test run keeps its audit checkpoint in a throwaway folder.
AUDIT_CHECKPOINT_FILE = Path(tempfile.mkdtemp(prefix="samen-test-audit-")) / "audit-checkpoint"

# SQLite tests use a file, not memory: the concurrency tests' threads then share one database
# the way workers and web processes do (WAL, busy timeout, IMMEDIATE transactions). It lives in
# shared memory where there is one, so it costs no disk writes.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _shm = Path("/dev/shm")  # noqa: S108 (mkdtemp makes a private 0700 folder in it)
    _folder = tempfile.mkdtemp(prefix="samen-test-db-", dir=_shm if _shm.is_dir() else None)
    DATABASES["default"]["TEST"] = {"NAME": str(Path(_folder) / "test.sqlite3")}

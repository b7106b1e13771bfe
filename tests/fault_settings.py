"""Settings of the web servers and workers that tests/referrals/test_faults.py starts as real
processes: the test settings, with the database queue and a real SMTP server on the port the
test gives. The test makes a retry due when it wants it (as the time passing would)."""

import os

from samen.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["SAMEN_TEST_SMTP_PORT"])
EMAIL_TIMEOUT = 2
# Longer than any run of the worker while the mail server is down, so none gives up there.
OUTBOX_RETRY_DELAYS = (600, 600, 600, 600, 600, 600, 600)

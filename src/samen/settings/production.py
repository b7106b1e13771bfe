"""Production: every secret from the environment, HTTPS only."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import AUDIT_KEY, ENCRYPTION_KEYS, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("Set SAMEN_SECRET_KEY in the environment.")
if not ENCRYPTION_KEYS:
    raise ImproperlyConfigured("Set SAMEN_ENCRYPTION_KEYS in the environment (docs/operations.md).")
if len(AUDIT_KEY) < 32:
    raise ImproperlyConfigured(
        "Set SAMEN_AUDIT_KEY in the environment: 32 random characters or more (docs/operations.md)."
    )

DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("SAMEN_SECURE_SSL_REDIRECT", "1") == "1"
# A load balancer asks for health over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Joining the browsers' HSTS preload list binds the whole domain for months: the operator
# decides that per domain (SAMEN_HSTS_PRELOAD=1), so the check's reminder is silenced.
SECURE_HSTS_PRELOAD = os.environ.get("SAMEN_HSTS_PRELOAD", "") == "1"
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# __Host- cookies are HTTPS-only, for this host alone and the whole path: no subdomain or
# plain-HTTP page can set or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]  # noqa: F405

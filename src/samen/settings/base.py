"""Settings shared by every environment. Secrets and URLs come from the environment (12-factor)."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("SAMEN_DATA_DIR", Path.cwd() / "var")).resolve()


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_keys(name: str) -> list[tuple[str, str]]:
    """Encryption keys written as `id:key,id:key`, newest first (see samen.core.crypto)."""
    keys = []
    for entry in env_list(name):
        key_id, _separator, key = entry.partition(":")
        if not key_id.isalnum() or not key:
            raise ImproperlyConfigured(
                f"{name}: write each key as <id>:<Fernet key>, the id letters and digits."
            )
        keys.append((key_id, key))
    return keys


SECRET_KEY = os.environ.get("SAMEN_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("SAMEN_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # allauth's "where you are signed in" page loads humanize.
    "django.contrib.humanize",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # samen's apps come before allauth so their templates override allauth's.
    "samen.core",
    "samen.accounts",
    "samen.audit",
    "samen.directory",
    "samen.sessions",
    "samen.matchmaking",
    "samen.referrals",
    "samen.translations",
    "samen.api",
    "samen.imports",
    "samen.web",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
]

MIDDLEWARE = [
    # Outermost, so it sees every answer (samen.core.logs: the view's name, never the URL).
    "samen.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "samen.web.middleware.AnonymousGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "samen.web.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "samen.web.middleware.RequestSizeLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "samen.accounts.middleware.ActivityMiddleware",
    "samen.accounts.middleware.RequireMFAMiddleware",
    "samen.referrals.middleware.ReferralIdleTimeoutMiddleware",
]

ROOT_URLCONF = "samen.urls"
WSGI_APPLICATION = "samen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samen.web.context_processors.public_chrome",
            ],
        },
    },
]

# Form widgets (Django's own widget templates) render through Jinja2: the search form's selects
# have over a hundred options, and the Django template engine took a third of the page's time.
# Templates only Django's engine has (the admin's widgets) fall back to it.
FORM_RENDERER = "samen.core.renderers.FormRenderer"

# SQLite in the data folder is the embedded default; DATABASE_URL selects PostgreSQL.
SQLITE_PATH = DATA_DIR / "samen.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("SAMEN_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Only samen's user reads the database; SQLite gives its -wal and -shm files the same mode.
    SQLITE_PATH.touch(mode=0o600, exist_ok=True)
    SQLITE_PATH.chmod(0o600)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and one writer work at once; IMMEDIATE avoids upgrade deadlocks.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            "PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

# The cache every worker shares: rate limits, allauth's limits and
# the used-TOTP-code marker must count across processes and restarts. It is a table in the
# database samen already uses; SAMEN_CACHE_URL=redis://... selects Redis instead.
# What each process keeps for itself (pages, topic options) is in samen/web/microcache.py.
CACHE_URL = os.environ.get("SAMEN_CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("SAMEN_CACHE_URL: give a redis:// URL, or leave it empty.")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "samen_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    ),
}

# Production runs behind a TLS proxy: the client's address is the last one in
# X-Forwarded-For that no trusted proxy added (samen.core.clients.client_ip). Addresses or
# networks of the proxies, e.g. "127.0.0.1,10.0.0.0/8"; empty: X-Forwarded-For is ignored.
TRUSTED_PROXIES = env_list("SAMEN_TRUSTED_PROXIES")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Accounts (django-allauth): e-mail login, mandatory verification, MFA, no user enumeration.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
ACCOUNT_ADAPTER = "samen.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 1
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "samen: "
# Failed logins: at most 5 per 5 minutes per account and 10 a minute per address, then locked.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "5/m/ip,3/5m/key",
    "signup": "10/h/ip",
}
# Password reset links are single-use (they die with the old password) and short-lived.
PASSWORD_RESET_TIMEOUT = 60 * 60
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "samen"
USERSESSIONS_TRACK_ACTIVITY = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages of the interface, each name in its own script for the language choice. Adding one
# is a line here and a catalogue in locale/ (with its review status in locale/status.yaml).
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("prs", "دری"),
    ("ps", "پښتو"),
    ("ti", "ትግርኛ"),
    ("so", "Soomaali"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("fr", "Français"),
]
LANGUAGES_BIDI = ["ar", "fa", "prs", "ps", "he", "ur"]
# The language the interface strings are written in (msgids); every other one is translated.
SOURCE_LANGUAGE = "en"
# Django knows no locale information for these: Dari, Pashto, Tigrinya, Somali.
LANG_INFO.update(
    {
        "prs": {"bidi": True, "code": "prs", "name": "Dari", "name_local": "دری"},
        "ps": {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"},
        "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
        "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
    }
)
LOCALE_PATHS = [BASE_DIR / "locale"]
# Translated content falls back along this chain when the requested language is missing.
CONTENT_FALLBACK_LANGUAGES = ["nl", "en"]

TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Request bodies larger than this are refused unread (a logo is at most 2 MB).
MAX_REQUEST_BYTES = int(os.environ.get("SAMEN_MAX_REQUEST_BYTES", str(3 * 1024 * 1024)))
# Requests a minute one client may make to the HSDS API (counted in the shared cache).
API_REQUESTS_PER_MINUTE = int(os.environ.get("SAMEN_API_REQUESTS_PER_MINUTE", "120"))

# Uploaded logos. In production let the web server serve /media/ from here (docs/operations.md).
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"

STATIC_URL = "/static/"
# Files served at the site root by WhiteNoise: /favicon.ico, which browsers ask for on their own.
WHITENOISE_ROOT = Path(__file__).resolve().parent.parent / "web" / "root"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Safety: nothing on a public page may reach another origin, and nothing runs inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the QR code of two-factor set-up (an inline image, not a request).
        "img-src": [SELF, "data:"],
        "font-src": [NONE],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
        "manifest-src": [SELF],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin: other sites never learn where a visitor came from, while our own forms keep a
# real Origin header (with no-referrer browsers send "Origin: null" and CSRF checks fail).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# The sign-in page's CSRF cookie ends with the browser session, not a year later: no lasting
# trace on a shared phone.
CSRF_COOKIE_AGE = None
# Idle timeout: a signed-in session ends 25 to 30 minutes after its last request (it is renewed
# at most every five minutes, samen.accounts.middleware.ActivityMiddleware).
SESSION_COOKIE_AGE = 30 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Quick exit replaces the page with this neutral site (weather forecast).
QUICK_EXIT_URL = os.environ.get("SAMEN_QUICK_EXIT_URL", "https://www.buienradar.nl/")

EMAIL_BACKEND = os.environ.get("SAMEN_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("SAMEN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SAMEN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SAMEN_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SAMEN_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("SAMEN_EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("SAMEN_DEFAULT_FROM_EMAIL", "samen <noreply@localhost>")
# A mail server that accepts the connection but never answers must not hold a worker for long.
EMAIL_TIMEOUT = int(os.environ.get("SAMEN_EMAIL_TIMEOUT", "10"))

# Work that can wait (e-mail, text messages, the daily jobs) is a row in the database samen
# already uses, run by `samen worker` (django-tasks' database backend; see samen.core.outbox).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Delays in seconds before each new attempt at a message that failed (about a day in all).
OUTBOX_RETRY_DELAYS = (60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600)

# Where the real directory comes from; the shared facts file sits beside the checkout.
DIRECTORY_SOURCE_FILE = Path(
    os.environ.get(
        "SAMEN_DIRECTORY_SOURCE",
        BASE_DIR / "directory" / "data" / "nl-support-services.yaml",
    )
)
# A listing not checked for this many days is shown as "needs re-check".
DIRECTORY_STALE_AFTER_DAYS = 365
# Owners are asked to confirm their listing this long after it was last checked.
DIRECTORY_REMINDER_AFTER_DAYS = 182
# Public base URL for links in e-mail sent by scheduled jobs (no request to take it from).
SITE_URL = os.environ.get("SAMEN_SITE_URL", "http://127.0.0.1:8000")
SEARCH_PAGE_SIZE = 20
# A search ranks at most this many candidates per source and counts exactly up to it
# ("1,000+" above it), so its cost does not grow with the number of matches
# (samen/directory/search.py).
SEARCH_CANDIDATES = 1_000
# Search, service and organisation pages for anonymous visitors are kept this many seconds (at
# most 60; 0 turns it off) in each process's memory, never on disk (samen/web/microcache.py),
# up to this many pages per process.
MICROCACHE_SECONDS = min(60, int(os.environ.get("SAMEN_MICROCACHE_SECONDS", "30")))
MICROCACHE_ENTRIES = int(os.environ.get("SAMEN_MICROCACHE_ENTRIES", "300"))

# Information sessions: registrants' nickname, contact and needs are erased this many days
# after the session ended (samen purge-registrations, daily).
SESSION_REGISTRATION_RETENTION_DAYS = int(os.environ.get("SAMEN_REGISTRATION_RETENTION_DAYS", "30"))
# Text-message reminders: "disabled", "console", "locmem" or "cm" (see samen/core/sms.py).
SMS_BACKEND = os.environ.get("SAMEN_SMS_BACKEND", "disabled")
SMS_CM_TOKEN = os.environ.get("SAMEN_SMS_CM_TOKEN", "")
SMS_CM_URL = os.environ.get("SAMEN_SMS_CM_URL", "https://gw.cmtelecom.com/v1.0/message")
# Sender name shown on the phone: neutral, at most 11 letters and digits.
SMS_SENDER = os.environ.get("SAMEN_SMS_SENDER", "Info")

# Referrals: personal fields are erased this many days after a referral ended
# (samen purge-referrals, daily); handlers are signed out after this much idle time.
REFERRAL_RETENTION_DAYS = int(os.environ.get("SAMEN_REFERRAL_RETENTION_DAYS", "90"))
# A referral nobody acted on for this many days is closed as "no response" (samen
# close-stale-referrals, daily), so that it ends and is purged like every other.
REFERRAL_STALE_DAYS = int(os.environ.get("SAMEN_REFERRAL_STALE_DAYS", "180"))
REFERRAL_IDLE_TIMEOUT_SECONDS = 15 * 60
EMERGENCY_ACCESS_MINUTES = 60

# Keys for personal fields encrypted at rest; the first encrypts, all decrypt.
ENCRYPTION_KEYS = env_keys("SAMEN_ENCRYPTION_KEYS")
# The secret that keys the audit log's hash chain (HMAC-SHA256) and signs its checkpoints:
# without it, whoever can write the database could rewrite the chain to match.
AUDIT_KEY = os.environ.get("SAMEN_AUDIT_KEY", "")
# Where `samen audit-verify` keeps its signed checkpoint (entry count and last hash).
AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get("SAMEN_AUDIT_CHECKPOINT", DATA_DIR / "audit-checkpoint")
)

# Structured logs: one JSON object a line on standard error (samen.core.logs), for journald
# or a log shipper. SAMEN_LOG_FORMAT=console gives readable lines (development's default).
LOG_FORMAT = os.environ.get("SAMEN_LOG_FORMAT", "json")
LOG_LEVEL = os.environ.get("SAMEN_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"structured": {"()": "samen.core.logs.formatter", "format": LOG_FORMAT}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    # Other libraries speak up from warnings on; samen's own loggers (the request log, the
    # worker, audit checkpoints) from SAMEN_LOG_LEVEL.
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "samen": {"level": LOG_LEVEL},
        # Request lines carry query strings (searches, places): Django's must not log them.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # SQL with its parameters (a search text) at DEBUG: never, whatever the level.
        "django.db.backends": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

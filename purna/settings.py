"""Purna's one settings module, driven by the environment (see docs/operations.md)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("PURNA_VAR_DIR", Path.cwd() / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes"}


DEBUG = env_flag("PURNA_DEBUG")

SECRET_KEY = os.environ.get("PURNA_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set PURNA_SECRET_KEY (or PURNA_DEBUG=1 for development).")
    SECRET_KEY = "purna-development-only-key-never-use-in-production"

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("PURNA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("PURNA_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
# The reverse proxies whose X-Forwarded-For is believed (the helpdesk's rate limits count
# by client address): their own addresses as REMOTE_ADDR shows them. Empty: the header is
# ignored, as anyone could send it.
PURNA_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("PURNA_TRUSTED_PROXIES", "").split(",") if p.strip()
]
# Another way to reach the helpdesk (a phone number, an office address), shown when the
# public form refuses a request for its rate limits. Empty: nothing is shown.
PURNA_HELPDESK_CONTACT = os.environ.get("PURNA_HELPDESK_CONTACT", "").strip()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # API docs: Swagger UI from ninja's bundled static files, no CDN
    "purna.areas",
    "purna.accounts",
    "purna.audit",
    "purna.people",
    "purna.assessment",
    "purna.programme",
    "purna.mentors",
    "purna.mentoring",
    "purna.business",
    "purna.graduation",
    "purna.helpdesk",
    "purna.reports",
    "purna.notifications",
    "purna.overview",
    "purna.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "purna.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "purna.audit.middleware.ApiChannelMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "purna.urls"
WSGI_APPLICATION = "purna.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "purna.navigation.navigation",
            ],
            "libraries": {"purna": "purna.templatetags"},
        },
    },
]

if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the default SQLite file lives there
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'purna.sqlite3'}",
        conn_max_age=int(os.environ.get("PURNA_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while an import writes; IMMEDIATE avoids
    # "database is locked" when two writers upgrade their locks at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("PURNA_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded evidence (field-test photos): on disk, outside the database, never served by URL;
# a view checks who asks before streaming a file.
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Served straight from the app folders so `make run` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_flag("PURNA_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# Personal data never goes to logs: only warnings from Django itself, no request bodies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_nik": {"()": "purna.logfilters.MaskNik"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_nik"]}},
    "loggers": {
        # Replaces Django's own console handler (DEBUG only), which has no NIK mask.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("PURNA_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50

# --- Messages: the outbox's background worker, email and the SMS/WhatsApp gateway ---------
# (owned by purna/notifications; every variable is described in docs/operations.md,
# "Messages"). Secrets here never reach a log or a message's recorded error.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]  # django_tasks: the backport, until Django 6
# Tasks are rows in the database, run by `purna db_worker`: no broker, no extra server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

EMAIL_HOST = os.environ.get("PURNA_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("PURNA_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("PURNA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PURNA_EMAIL_PASSWORD", "")
_email_security = os.environ.get("PURNA_EMAIL_SECURITY", "starttls").strip().lower()
if _email_security not in {"starttls", "ssl", "none"}:
    raise ImproperlyConfigured("PURNA_EMAIL_SECURITY must be starttls, ssl or none.")
EMAIL_USE_TLS = _email_security == "starttls"
EMAIL_USE_SSL = _email_security == "ssl"
EMAIL_TIMEOUT = int(os.environ.get("PURNA_EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("PURNA_EMAIL_FROM", "Purna <purna@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_HOST or not DEBUG:
    # Without a host in production, email stays queued ("no mail server configured").
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    # Development without a mail server: emails are printed on the worker's terminal.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

PURNA_GATEWAY_URL = os.environ.get("PURNA_GATEWAY_URL", "")
PURNA_GATEWAY_AUTH_HEADER = os.environ.get("PURNA_GATEWAY_AUTH_HEADER", "")
PURNA_GATEWAY_BODY = os.environ.get(
    "PURNA_GATEWAY_BODY",
    '{"to": "{to}", "text": "{text}", "channel": "{channel}", "id": "{message_id}"}',
)
PURNA_GATEWAY_CHANNELS = [
    c.strip()
    for c in os.environ.get("PURNA_GATEWAY_CHANNELS", "sms,whatsapp").split(",")
    if c.strip()
]
PURNA_GATEWAY_TIMEOUT = int(os.environ.get("PURNA_GATEWAY_TIMEOUT", "20"))
# --- end of Messages ----------------------------------------------------------------------

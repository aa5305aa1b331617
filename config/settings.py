"""Settings for Etatsstyring, read from the environment.

Every setting has a default that runs on a newcomer's machine: SQLite in ``var/``,
Celery tasks executed inline, e-mails written to ``var/mail``. Production sets
``DEBUG=false`` and must then provide a real ``SECRET_KEY``.
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} må være true eller false, ikke «{value}».")


def env_int(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} må være et heltall, ikke «{value}».") from None


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url):
    """Translate a DATABASE_URL into a Django DATABASES entry, with a clear error."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        name = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not name:
            raise ImproperlyConfigured(
                f"DATABASE_URL «{url}» mangler filnavn, for eksempel sqlite:///var/db.sqlite3."
            )
        path = Path(name) if Path(name).is_absolute() else BASE_DIR / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path,
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        if not parts.path.strip("/"):
            raise ImproperlyConfigured(
                f"DATABASE_URL «{url}» mangler databasenavn, for eksempel "
                "postgres://postgres@127.0.0.1:5432/etatsstyring."
            )
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"DATABASE_URL «{url}» har et ugyldig portnummer.") from None
        options.setdefault("connect_timeout", "5")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.strip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL «{url}» støttes ikke: bruk sqlite:///sti/til/fil.sqlite3 "
        "eller postgres://bruker:passord@vert:5432/database."
    )


DEBUG = env_bool("DEBUG", True)
TESTING = "pytest" in sys.modules

INSECURE_KEY_PREFIX = "django-insecure-"
SECRET_KEY = env("SECRET_KEY") or INSECURE_KEY_PREFIX + "only-for-local-development"
if not DEBUG and (
    SECRET_KEY.startswith(INSECURE_KEY_PREFIX) or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY mangler eller er for svak. Med DEBUG=false må SECRET_KEY være en tilfeldig "
        "verdi på minst 50 tegn, for eksempel fra "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_celery_beat",
    "styring",
    "oppdrag",
    "indikatorer",
    "budsjett",
]

MIDDLEWARE = [
    "styring.middleware.GcFreezeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "styring.middleware.RequestSizeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked ``login_not_required`` (the login
    # page, /helse/, the accessibility statement, the signed calendar feed). DRF marks
    # every API view exempt in ``APIView.as_view``: the API answers 401/403 JSON itself
    # (DEFAULT_PERMISSION_CLASSES below).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "styring.middleware.RequestContextMiddleware",
    "styring.middleware.ContentSecurityPolicyMiddleware",
]

if not DEBUG:
    # Static files are served by WhiteNoise from collectstatic's output in production;
    # in development runserver serves them straight from the app and node_modules.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
FORM_RENDERER = "styring.rendering.PunktFormRenderer"

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
                "styring.context_processors.navigation",
            ],
        },
    },
]

DATABASE_URL = env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = env("CACHE_URL")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "etatsstyring",
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL «{CACHE_URL}» støttes ikke: bruk redis://vert:6379/1.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "styring.Bruker"
LOGIN_URL = "styring:login"
LOGIN_REDIRECT_URL = "styring:forside"
LOGOUT_REDIRECT_URL = "styring:login"
if TESTING:
    # Hashing strength is not under test; a fast hasher keeps the suite quick.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: this many failures for one username or one address within the
# window lock further attempts for the rest of the window.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Uploads: form fields up to 2.5 MB, files kept in memory up to 2.5 MB and streamed to
# disk beyond; no request body over MAKS_OPPLASTING_MB at all (RequestSizeMiddleware: Django
# does not limit files, and the API reads JSON whole). Excel imports allow 5 MB
# (styring.regneark).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAKS_OPPLASTING_MB = env_int("MAKS_OPPLASTING_MB", 50)
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål")]
LOCALE_PATHS = [BASE_DIR / "styring" / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
# Norwegian formats (394 978, 31.03.2026) come from Django's nb locale.
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
# Punkt is installed by npm, never copied into the repository. Its CSS refers to
# ../fonts/, which punkt-assets provides, so both are served under one prefix.
STATICFILES_DIRS = [
    ("punkt", NODE_MODULES / "@oslokommune" / "punkt-css" / "dist"),
    ("punkt", NODE_MODULES / "@oslokommune" / "punkt-assets" / "dist"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("swagger-ui", NODE_MODULES / "swagger-ui-dist"),
]
# Uploaded files and issued reports go through this storage. The file system suits one
# machine; with several, point it at shared storage, e.g. an S3-compatible store:
# FILE_STORAGE_BACKEND=storages.backends.s3.S3Storage (django-storages[s3] installed) and
# FILE_STORAGE_OPTIONS='{"bucket_name": "etatsstyring", "endpoint_url": "https://..."}'.
STORAGES = {
    "default": {
        "BACKEND": env("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(env("FILE_STORAGE_OPTIONS", "{}")),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "etatsstyring@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address links in e-mails point to (e-mails are sent by tasks, outside a request).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Assignment reminders: days before the deadline, and days overdue before the agency
# leader is told.
OPPDRAG_PAAMINNELSE_DAGER = sorted(
    (int(days) for days in env_list("OPPDRAG_PAAMINNELSE_DAGER", ["14", "3"])), reverse=True
)
OPPDRAG_ESKALERING_DAGER = env_int("OPPDRAG_ESKALERING_DAGER", 7)
# A submission locks this many days after its deadline (a department officer can reopen it).
INNSENDING_LAAS_DAGER = env_int("INNSENDING_LAAS_DAGER", 10)
# Scheduled reports are made this many days after their period ends: the monthly ones
# after the monthly deadline (the 15th), the tertial ones after the tertial deadlines.
RAPPORT_DAGER_ETTER_PERIODE = {
    "maaned": env_int("RAPPORT_DAGER_ETTER_MAANED", 20),
    "tertial": env_int("RAPPORT_DAGER_ETTER_TERTIAL", 30),
}
# Budget follow-up: a forecast that deviates from the budget by at least this share (per
# cent) or, when set above 0, this amount (NOK 1 000) needs a written explanation.
BUDSJETT_VESENTLIGHET_PROSENT = env_int("BUDSJETT_VESENTLIGHET_PROSENT", 5)
BUDSJETT_VESENTLIGHET_BELOP = env_int("BUDSJETT_VESENTLIGHET_BELOP", 0)

# Celery: without a broker every task runs inline, in the caller's process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_TIMEOUT = 5

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "styring.api.paginering.Sider",
    "DEFAULT_SCHEMA_CLASS": "styring.api.schema.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"token": "10/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Etatsstyring API",
    "DESCRIPTION": "Tildelingsbrev, oppdrag, indikatorer og budsjett. Alle data er avgrenset "
    "til det brukeren har tilgang til.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": STATIC_URL + "swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": STATIC_URL + "punkt/logos/32x32-favicon.png",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # A submission's status appears in two components (the list's rows and the submission).
    "ENUM_NAME_OVERRIDES": {
        "InnsendingStatusEnum": "indikatorer.models.rapportering.Innsending.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint and fontTools log hundreds of lines per PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

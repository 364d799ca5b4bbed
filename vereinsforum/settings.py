"""The one settings module. Everything that differs between machines comes from the environment."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.env import (
    env_bool,
    env_file_path,
    env_int,
    env_list,
    env_str,
    load_env_file,
)

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
# Local development: the source checkout's .env (written by `make run`) fills in what the
# environment leaves unset. An installed package never reads one (lib/env.py says why).
load_env_file(env_file_path(BASE_DIR))
VAR_DIR = Path(env_str("VEREINSFORUM_VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-with-debug"  # noqa: S105
elif not DEBUG and (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX)
):
    # Django's own measure (check --deploy, security.W009), enforced at start-up: a
    # placeholder such as the README's "…" must not sign a production server's sessions.
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak: at least {SECRET_KEY_MIN_LENGTH} characters, "
        f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones, not Django's insecure prefix. "
        "Generate one: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Routes /_bench/bare/ for the page benchmarks (bench/harness.py); off everywhere else.
BENCH_BARE_VIEW = env_bool("BENCH_BARE_VIEW", False)

# Our apps come first: for the same msgid their translations win over Django's own
# (e.g. "Save" is "Speichern" here, not the admin's "Sichern").
INSTALLED_APPS = [
    "vereinsforum.accounts",
    "vereinsforum.audit",
    "vereinsforum.organisations",
    "vereinsforum.programmes",
    "vereinsforum.web",
    "vereinsforum.events",
    "vereinsforum.needs",
    "vereinsforum.forum",
    "vereinsforum.reports",
    "vereinsforum.measures",
    "vereinsforum.oparl",
    "vereinsforum.guides",
    "vereinsforum.workinggroups",
    "vereinsforum.offers",
    "vereinsforum.tandems",
    "vereinsforum.api",
    "vereinsforum.privacy",
    "vereinsforum.transfer",
    "vereinsforum.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so that any write during a request is recorded as coming through a page.
    "vereinsforum.audit.context.ChannelMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "vereinsforum.web.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: the idle timeout leaves its notice for the login page.
    "vereinsforum.accounts.middleware.IdleSessionMiddleware",
    "vereinsforum.accounts.middleware.SecondFactorMiddleware",
    "vereinsforum.accounts.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into our login page with the notice.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vereinsforum.urls"
WSGI_APPLICATION = "vereinsforum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        # No `loaders`: Django then wraps the app directories' loader in the cached loader,
        # so each template is read and compiled once per process (web/tests checks it).
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "vereinsforum.web.context_processors.shell",
            ],
        },
    }
]

# Databases: SQLite under var/ is the zero-setup default; PostgreSQL in production and CI.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'vereinsforum.sqlite3'}"
try:
    # Persistent connections: a new one per request cost each page a connect (and, on
    # PostgreSQL, a backend process); the health check replaces one the server dropped.
    _db = dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
except Exception as exc:  # dj-database-url raises several types for a malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL={DATABASE_URL!r} is malformed: {exc}") from exc
if not _db.get("ENGINE"):
    raise ImproperlyConfigured(f"DATABASE_URL={DATABASE_URL!r} names no supported database.")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two writers never interleave a
    # read-then-write (the last seat, the one ballot) on the embedded database.
    _db.setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
    if _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
_test_name = env_str("TEST_DATABASE_NAME")
if _test_name:
    _db["TEST"] = {"NAME": _test_name}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:start"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
]
LANGUAGES_BIDI = ["ar"]
# The shared helpers (forms, rate limits) are no app; their strings have a catalogue of their own.
LOCALE_PATHS = [PACKAGE_DIR / "lib" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
# Files read only through permission-checked views (working-group documents); never served
# as static files, not even by runserver with DEBUG.
PRIVATE_ROOT = Path(env_str("PRIVATE_ROOT") or VAR_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# E-mail: SMTP when EMAIL_HOST is set, otherwise a file-based outbox under var/.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(Path(env_str("EMAIL_OUTBOX") or VAR_DIR / "outbox"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "vereinsforum@localhost")
#: Days that sent mail (outbox rows, the file outbox's copies) is kept before
#: `events_purge_outbox` removes it: personal data kept only as long as needed.
OUTBOX_RETENTION_DAYS = env_int("OUTBOX_RETENTION_DAYS", 30)
if OUTBOX_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("OUTBOX_RETENTION_DAYS must be 0 or more days.")

# Behind the TLS-terminating proxy the README recommends. The proxy must set
# X-Forwarded-Proto (nginx: `proxy_set_header X-Forwarded-Proto $scheme;`) and drop any
# value the client sent; without a proxy that does, leave BEHIND_TLS_PROXY off.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", not DEBUG)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
#: The request header (META key) the proxy overwrites with the client's address, e.g.
#: HTTP_X_REAL_IP; empty: REMOTE_ADDR. Rate limits and login lockouts count per address.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "")

# Every cookie the app sets is Secure over TLS: session, CSRF, language, and the messages
# cookie (which follows the SESSION_COOKIE_* settings). Nothing reads them from JavaScript.
SECURE_COOKIES = env_bool("SECURE_COOKIES", BEHIND_TLS_PROXY)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Sessions end after SESSION_IDLE_MINUTES without a request (accounts/middleware.py, which
# also leaves the notice for the login page); the cookie itself lives SESSION_COOKIE_AGE
# from the last request that renewed it.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_COOKIE_AGE = max(SESSION_IDLE_TIMEOUT, 12 * 3600)

# Content-Security-Policy without 'unsafe-inline': scripts and styles come from our static
# files; a template that truly needs an inline script gives it nonce="{{ CSP_NONCE }}"
# (the nonce enters the header only on pages that use it). Charts are data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
#: Browser features the pages may use: the camera only for the QR check-in on our origin.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(self), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

# The default cache holds the rate-limit counters (lib/ratelimit.py): files under var/, so
# every worker process on the host counts together, with no extra service to run; with
# REDIS_URL (production), Redis, which every worker and host shares and which is faster.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(Path(env_str("CACHE_DIR") or VAR_DIR / "cache")),
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}
#: name: (hits, window in seconds), per client address or per e-mail address.
RATE_LIMITS = {
    "password_reset_ip": (env_int("PASSWORD_RESET_PER_HOUR", 5), 3600),
    "password_reset_email": (env_int("PASSWORD_RESET_PER_HOUR", 5), 3600),
    "feedback_ip": (env_int("FEEDBACK_PER_HOUR", 5), 3600),
}

#: Requests per API token and minute (api/auth.py); 429 with Retry-After beyond.
API_RATE_LIMIT = (env_int("API_REQUESTS_PER_MINUTE", 300), 60)

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one account
# from one address, that pair waits LOGIN_COOLOFF_MINUTES. Per pair, not per account: a
# stranger cannot lock a coordinator out, and a town hall behind one address is not locked
# out as a whole. The Django admin's login goes through the same backend.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "vereinsforum.lib.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "vereinsforum.accounts.views.locked_out"
# Successful logins are not logged with their address: the audit log and the session
# are enough, and the access log would keep addresses forever.
AXES_DISABLE_ACCESS_LOG = True
# No banner on every management command; lockouts are still logged as warnings.
AXES_VERBOSE = False

# Two-factor authentication (django-otp): TOTP apps, single-use recovery codes. Mandatory for
# coordinators (accounts/middleware.py SecondFactorMiddleware), optional for everyone else.
OTP_TOTP_ISSUER = env_str("OTP_ISSUER", "Vereinsforum")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}
FORM_RENDERER = "vereinsforum.lib.kern_forms.KernFormRenderer"
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "vereinsforum.accounts.backends.RoleBackend",
]
MANAGERS = [("Integrationsbüro", env_str("MANAGER_EMAIL"))] if env_str("MANAGER_EMAIL") else []

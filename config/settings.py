"""Jazari settings: one file, every value from the environment with a safe default for `make demo`.

Every variable read here is listed, with a one-line comment, in `.env.example`
(a test fails when one is missing there).
"""

from pathlib import Path
from typing import Any

import dj_database_url
import django.conf.locale
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent
load_env_file(BASE_DIR / ".env")
VAR_DIR = Path(env_str("JAZARI_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
# Management commands (migrations, checks) may run without a key; serving refuses to (config/wsgi.py).
SECRET_KEY_IS_PLACEHOLDER = not SECRET_KEY
if SECRET_KEY_IS_PLACEHOLDER:
    SECRET_KEY = "placeholder-not-secret-set-DJANGO_SECRET_KEY"  # noqa: S105 - never used to serve in production
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Jazari's apps come first so that their templates override those of the libraries (allauth).
    "jazari.core",
    "jazari.accounts",
    "jazari.network",
    "jazari.api",
    "jazari.activities",
    "jazari.needs",
    "jazari.projects",
    "jazari.indicators",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "jazari.core.clients.ClientAddressMiddleware",  # first: everything after reads the client's address
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jazari.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "jazari.core.context_processors.platform",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jazari.sqlite3'}")
try:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))
    }
except ValueError as error:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database address Jazari understands: {error}"
    ) from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the job worker write while the web server reads; the timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Accounts ---------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "network:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str("JAZARI_EMAIL_VERIFICATION", "mandatory")
if ACCOUNT_EMAIL_VERIFICATION not in {"mandatory", "optional", "none"}:
    raise ImproperlyConfigured("JAZARI_EMAIL_VERIFICATION must be mandatory, optional or none.")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
# Repeated failed logins are handled by django-axes (account lockout), not by allauth's own limiter.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Jazari"

AXES_FAILURE_LIMIT = env_int("JAZARI_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("JAZARI_LOGIN_LOCKOUT_HOURS", 1, minimum=1)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "jazari.accounts.lockout.username_from_request"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

OIDC_SERVER_URL = env_str("OIDC_SERVER_URL", "")
SOCIALACCOUNT_PROVIDERS: dict = {}
if OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": "oidc",
                "name": env_str("OIDC_PROVIDER_NAME", "Single sign-on"),
                "client_id": env_str("OIDC_CLIENT_ID", ""),
                "secret": env_str("OIDC_CLIENT_SECRET", ""),
                "settings": {"server_url": OIDC_SERVER_URL},
            }
        ]
    }
SOCIALACCOUNT_ONLY = False

# --- Email ------------------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Jazari <no-reply@jazari.localhost>")

# --- Languages --------------------------------------------------------------------------------------------
django.conf.locale.LANG_INFO["zgh"] = {
    "bidi": False,
    "code": "zgh",
    "name": "Standard Moroccan Tamazight",
    "name_local": "ⵜⴰⵎⴰⵣⵉⵖⵜ",
}
LANGUAGE_CODE = "fr"
LOCALE_PATHS = [BASE_DIR / "jazari" / "locale"]
_ALL_LANGUAGES = {"fr": _("French"), "ar": _("Arabic"), "en": _("English"), "zgh": _("Amazigh")}
_enabled = env_list("JAZARI_LANGUAGES", ["fr", "ar", "en"])
_unknown = [code for code in _enabled if code not in _ALL_LANGUAGES]
if _unknown or "fr" not in _enabled:
    raise ImproperlyConfigured("JAZARI_LANGUAGES must list codes among fr, ar, en, zgh and include fr.")
LANGUAGES = [(code, _ALL_LANGUAGES[code]) for code in _enabled]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Africa/Casablanca")
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/swagger-ui", NODE_MODULES / "swagger-ui-dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
# Of each package, only what the pages load (and the source maps those files name).
VENDOR_STATIC_FILES = {
    "vendor/bootstrap": [
        "css/bootstrap.min.css*",
        "css/bootstrap.rtl.min.css*",
        "js/bootstrap.bundle.min.js*",
    ],
    "vendor/htmx": ["htmx.min.js"],
    "vendor/swagger-ui": ["swagger-ui.css*", "swagger-ui-bundle.js", "swagger-ui-bundle.js.map"],
    "vendor/echarts": ["echarts.min.js"],
}
STATICFILES_FINDERS = [
    "jazari.core.staticfiles.VendorFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("JAZARI_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production (after collectstatic); plain files straight from the
        # source folders in the demo and the tests.
        "BACKEND": env_str(
            "JAZARI_STATIC_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Projects, deliverables and needs ---------------------------------------------------------------------
# Deliverable files live outside MEDIA_ROOT, under random names, and are only served by a view that checks
# permissions (an S3-compatible store in production replaces this storage).
PRIVATE_FILES_ROOT = Path(env_str("JAZARI_PRIVATE_FILES_ROOT", str(VAR_DIR / "private")))
STORAGES["deliverables"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_FILES_ROOT, "base_url": None},
}
DELIVERABLE_MAX_UPLOAD_MB = env_int("JAZARI_DELIVERABLE_MAX_UPLOAD_MB", 50, minimum=1)
NEED_VALIDITY_DAYS = env_int("JAZARI_NEED_VALIDITY_DAYS", 180, minimum=1)
NEED_SUBMISSIONS_PER_HOUR = env_int("JAZARI_NEED_SUBMISSIONS_PER_HOUR", 5, minimum=1)
REGISTRATIONS_PER_HOUR = env_int("JAZARI_REGISTRATIONS_PER_HOUR", 10, minimum=1)
CERTIFICATE_CHECKS_PER_HOUR = env_int("JAZARI_CERTIFICATE_CHECKS_PER_HOUR", 60, minimum=1)

# --- Clients, proxies and the shared cache ----------------------------------------------------------------
# How many reverse proxies stand in front of the web processes: the client's address is then read from
# X-Forwarded-For (jazari/core/clients.py). 0 trusts no header: REMOTE_ADDR is the client.
JAZARI_TRUSTED_PROXIES = env_int("JAZARI_TRUSTED_PROXIES", 0, minimum=0)
# One cache for every web process and host: rate limits and allauth's limits count in it. The database
# holds it by default (`jazari migrate` creates its table), so the demo needs no other server.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "jazari_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# --- Background jobs --------------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("JAZARI_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Security headers -------------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = env_bool("JAZARI_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_AGE = None  # ends with the browser session, as the privacy page says of technical cookies
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- API -------------------------------------------------------------------------------------------------
# Lists in the API (django-ninja's `@paginate`): the list's FilterSet, then pages of 50 rows (200 at most).
NINJA_PAGINATION_CLASS = "jazari.api.pagination.FilteredPagePagination"

# --- Platform -----------------------------------------------------------------------------------------------
JAZARI_CNDP_DECLARATION = env_str("JAZARI_CNDP_DECLARATION", "")
JAZARI_CONTACT_EMAIL = env_str("JAZARI_CONTACT_EMAIL", "contact@jazari.localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("JAZARI_LOG_LEVEL", "WARNING")},
}

"""Settings of the ПСЭР / СЭӨП portal.

Everything that differs between a laptop and production comes from the environment
(see `.env.example`). With no environment at all the portal runs on the embedded default:
SQLite, a filesystem Celery broker that a local worker reads, e-mail on the console.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)


def _local_secret_key() -> str:
    """The embedded default keeps a random key of its own in var/; production sets SECRET_KEY."""
    import secrets

    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _checked_secret_key(key: str) -> str:
    """Sessions, CSRF and password-reset links are signed with SECRET_KEY: a placeholder (the
    "change-me" of .env.example) or a short key would let anyone forge them. Outside DEBUG the
    portal refuses to start with one (the rule of Django's check security.W009)."""
    placeholder = "change-me" in key.lower() or key.startswith("django-insecure-")
    if not DEBUG and (placeholder or len(key) < 50 or len(set(key)) < 5):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECRET_KEY is a placeholder or too short (at least 50 characters, 5 different): "
            "sessions and password-reset links signed with it could be forged. Set a long "
            "random one in .env, e.g. the output of: "
            'python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    return key


SECRET_KEY = _checked_secret_key(env.str("SECRET_KEY", default="") or _local_secret_key())
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    # the second factor of staff, reviewers and administrators (municipalities.mfa)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "municipalities",
    "documents",
    "planning",
    "monitoring",
    "trainings",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # pages are compressed for slow connections (Django masks the CSRF token per response,
    # which is what makes compression safe against BREACH)
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "municipalities.middleware.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "municipalities.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # before any view or middleware reads the body; after those its page needs
    "municipalities.middleware.RequestSizeLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # a code after the password, or the enrolment, before any other page (the admin too)
    "municipalities.mfa.SecondFactorMiddleware",
    "municipalities.middleware.HtmxLoginRedirectMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # axes last, as its documentation asks
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "psep_portal.urls"

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
                "municipalities.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "psep_portal.wsgi.application"

# --- Database ----------------------------------------------------------------------------
# PostgreSQL (psycopg 3) when DATABASE_URL is set, SQLite in var/ otherwise.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Parameters bound by the server, so that psycopg prepares a statement on its connection
    # once it has run five times there: PostgreSQL then parses and plans it once per
    # connection instead of on every request. A page asks the same statements each time it is
    # built (the public page of a programme, a dozen), which cuts the database's CPU for it by
    # about two fifths. DB_PREPARED_STATEMENTS=false goes back to binding in the client, for
    # a connection pooler that cannot keep prepared statements.
    if env.bool("DB_PREPARED_STATEMENTS", default=True):
        DATABASES["default"]["OPTIONS"] = {
            **DATABASES["default"].get("OPTIONS", {}),
            "server_side_binding": True,
            "prepare_threshold": 5,
        }
# The embedded default's SQLite file is written by the web server's threads and by the worker.
# Each transaction (each request: ATOMIC_REQUESTS) takes the write lock when it begins, so
# that one that reads, then writes waits for another writer (up to `timeout` seconds) instead
# of failing at once with "database is locked". Requests therefore run one at a time, except
# views that only read outside a transaction (non_atomic_requests: the document status polls
# and downloads), which WAL lets go on while one writes. PostgreSQL needs none of this.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
# The embedded default (README: one command, demo data, logins printed) runs on SQLite;
# production runs on PostgreSQL. Demo users with a published password are loaded only there.
EMBEDDED_DEFAULT = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and log-in ----------------------------------------------------------------------
AUTH_USER_MODEL = "municipalities.User"
AUTHENTICATION_BACKENDS = [
    # axes first: it refuses a locked-out account before any password is checked
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # 12 characters at least (OWASP ASVS level 2)
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_municipalities"
LOGOUT_REDIRECT_URL = "home"
# A session ends after a working day without a request (municipalities.middleware
# .SessionIdleMiddleware moves its end on while the person works); a password-reset link
# works for an hour.
SESSION_COOKIE_AGE = 8 * 60 * 60
PASSWORD_RESET_TIMEOUT = 60 * 60
# A code from an authenticator app after the password (municipalities.mfa): required of
# reviewers, administrators and staff when true (production, .env.example); offered to everyone
# and required of nobody otherwise, so that the embedded default's demo logins keep working.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=False)
OTP_TOTP_ISSUER = "ПСЭР"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# django-axes: five wrong passwords lock the account (whatever the address) for a while.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
# Every spelling of an address counts against its one account (the log-in ignores case), and
# the address counted is the one the TLS proxy saw (municipalities.lockout).
AXES_USERNAME_CALLABLE = "municipalities.lockout.normalised_username"
AXES_CLIENT_IP_CALLABLE = "municipalities.lockout.client_ip"
# The account's lock plus a much higher limit for one network address.
AXES_HANDLER = "municipalities.lockout.LockoutHandler"
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=100)
# A lock ends when the page said it would: tries during the lock do not push it further.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "municipalities.views.accounts.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The lock is per account, not per address: the staff of an aiyl okmotu share one address
# behind NAT, and locking that address would lock out the whole office for one mistyped password.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- Languages ---------------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("ky", "Кыргызча")]
MODELTRANSLATION_DEFAULT_LANGUAGE = "ru"
MODELTRANSLATION_LANGUAGES = ("ru", "ky")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ru",), "ru": ("ky",)}
# django-modeltranslation's admin tabs need jQuery UI (its setting has no MODELTRANSLATION_
# prefix): served from static/vendor, not from a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
LOCALE_PATHS = [BASE_DIR / "locale"]
# numbers on Kyrgyz pages with a decimal comma, as in Kyrgyzstan (psep_portal/formats/ky)
FORMAT_MODULE_PATH = ["psep_portal.formats"]
TIME_ZONE = "Asia/Bishkek"
USE_I18N = True
USE_TZ = True

# --- Static and media files ----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
# The largest request body accepted: the largest upload (a 10 MB scan) and its form. A larger
# one is answered 413 before it is read (municipalities.middleware.RequestSizeLimitMiddleware).
REQUEST_MAX_BYTES = 12 * 1024 * 1024
# No form of the portal sends more than one file.
DATA_UPLOAD_MAX_NUMBER_FILES = 2
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Where `manage.py backup` writes its archives unless told otherwise.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

# --- E-mail ------------------------------------------------------------------------------
# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587; console locally.
globals().update(env.email_url("EMAIL_URL", default="consolemail://"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=15)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ПСЭР портал <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Reverse proxies in front of the portal (the TLS proxy of docker-compose.yml: 1). The address
# of a citizen sending a proposal is read from X-Forwarded-For, counted from the right.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
# Citizens' proposals accepted per hour from one address (a village hall's Wi-Fi is one).
PROPOSALS_PER_HOUR = env.int("PROPOSALS_PER_HOUR", default=5)
# The portal's address as people reach it: links in notification e-mails start with it.
PORTAL_URL = env.str("PORTAL_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Cache -------------------------------------------------------------------------------
# What the public pages keep of themselves (common.pagecache). Production: a Redis database of
# its own beside the broker's, redis://redis:6379/2, on a server that evicts only keys with a
# time to live when it reaches its memory limit (docker-compose.yml); every key here has one.
# Embedded default: files in var/cache, which the web server's worker processes share (a
# local-memory cache would be one per process). dummycache:// keeps nothing.
CACHES = {"default": env.cache_url("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
CACHES["default"]["TIMEOUT"] = env.int("CACHE_TIMEOUT", default=24 * 60 * 60)
CACHES["default"]["KEY_PREFIX"] = "psep"
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=3000)}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Django's, keeping its Redis client instead of making one per operation
    CACHES["default"]["BACKEND"] = "common.cache.RedisCache"
# Set by a deployment to tell releases apart; the pages kept also change with the code,
# templates, catalogs and static files of the release (common.pagecache.release_id).
RELEASE_ID = env.str("RELEASE_ID", default="")

# --- Celery ------------------------------------------------------------------------------
# Production: redis://redis:6379/0. Embedded default: a filesystem broker in var/celery that
# a local `celery worker` process reads, so no broker server is needed.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost//")
# Results are only read by health checks (`manage.py worker_check`); jobs record their own
# state in the database. Production: redis://redis:6379/1; embedded default: files in var/.
CELERY_FS_DIR = Path(env.str("CELERY_FS_DIR", default=str(VAR_DIR / "celery")))
CELERY_RESULT_BACKEND = env.str(
    "CELERY_RESULT_BACKEND",
    default=CELERY_BROKER_URL
    if CELERY_BROKER_URL.startswith("redis")
    else f"file://{CELERY_FS_DIR / 'results'}",
)
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FS_DIR / "queue"),
        "data_folder_out": str(CELERY_FS_DIR / "queue"),
        "processed_folder": str(CELERY_FS_DIR / "processed"),
        "control_folder": str(CELERY_FS_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Periodic jobs, run by Celery beat: a `beat` service in production, inside the embedded
# default's worker (`-B`). Never on page views.
CELERY_BEAT_SCHEDULE = {
    # documents no live worker will finish: queued again past the hard time limit, or failed
    # with the reason when no worker takes them
    "documents-check": {"task": "documents.check", "schedule": 60.0},
}
# Processes that lay out one PDF document (documents/layout): 0 = one per CPU the worker may use
# (at most 4), 1 = the whole document in the worker's own process.
DOCUMENT_RENDER_PROCESSES = env.int("DOCUMENT_RENDER_PROCESSES", default=0)

# --- Security ----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: no inline scripts or styles, nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SIMPLE_HISTORY_REVERT_DISABLED = True

PORTAL_NAME = _("Портал ПСЭР")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every page it lays out at INFO
        "weasyprint.progress": {"level": "WARNING"},
    },
}

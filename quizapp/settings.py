"""quizapp settings. Everything deployment-specific comes from environment variables."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from quizapp.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("SECRET_KEY is the development key; set a real one when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "quizapp.admin_site.QuizAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "quizapp.accounts",
    "quizapp.library",
    "quizapp.quizzes",
    "quizapp.decks",
    "quizapp.study",
    "quizapp.interop",
    "quizapp.stats",
    "quizapp.proposals",
    "quizapp.search",
    "django_tasks_db",
]

MIDDLEWARE = [
    "quizapp.deadline.StatementDeadlineMiddleware",  # every statement of a request, sessions' too
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "quizapp.accounts.privacy.PrivateResponsesMiddleware",  # per-learner responses: private, no-store
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # history rows name who changed what
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "quizapp.urls"
WSGI_APPLICATION = "quizapp.wsgi.application"
ASGI_APPLICATION = "quizapp.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "quizapp.library.context_processors.script_preference",
            ],
        },
    },
]

# SQLite is the embedded default, tuned for several concurrent writers: WAL lets readers
# and one writer proceed together, IMMEDIATE transactions take the write lock up front
# (so two writers queue instead of deadlocking on lock upgrade), and the busy timeout
# makes them wait rather than fail with "database is locked".
_SQLITE_PATH = env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
_SQLITE = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": _SQLITE_PATH,
    "CONN_MAX_AGE": 600,
    # Tests use a file too, so concurrency tests exercise the same locking as production;
    # one per process, so two test runs on one machine never share it.
    "TEST": {"NAME": env_str("SQLITE_TEST_PATH", str(Path(tempfile.gettempdir()) / f"quizapp-test-{os.getpid()}.db"))},
    "OPTIONS": {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON;"
        ),
    },
}
_database_url = env_str("DATABASE_URL", "")
if _database_url:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                _database_url,
                # Each worker keeps one connection: servers × workers (+ db_worker processes) connections in
                # all, which must stay under PostgreSQL's max_connections (a pooler past that, see README).
                conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
                # Off: a `SELECT 1` before every reuse cost a quarter of the journey throughput under load
                # (bench/RESULTS.md), while a connection lost to a restart fails one request per worker (503,
                # then closed and reopened by the next).
                conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", default=False),
            )
        }
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
else:
    DATABASES = {"default": _SQLITE}
# A database that stops answering (a partition, a black hole) must cost a request seconds, not a
# worker: a connection gives up after DB_CONNECT_TIMEOUT, a statement after DB_STATEMENT_TIMEOUT_MS
# (0: none, e.g. for a long migration), and keepalives plus tcp_user_timeout notice a dead peer on an
# idle or a sending connection. Every failure is then a 503 (quizapp/errors.py). Options given in
# DATABASE_URL win.
# A request's statements also give up on the client side after DB_REQUEST_STATEMENT_TIMEOUT_MS, which
# holds when the server never sees the statement (quizapp/deadline.py; 0 turns it off).
DB_REQUEST_STATEMENT_TIMEOUT_MS = env_int("DB_REQUEST_STATEMENT_TIMEOUT_MS", 5000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": env_int("DB_CONNECT_TIMEOUT", 5),
        "options": f"-c statement_timeout={env_int('DB_STATEMENT_TIMEOUT_MS', 20000)}",
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "tcp_user_timeout": 15000,
        # psycopg may prepare statements (Django's default turns that off): only the question fetch's cursor
        # binds on the server and asks for it (quizapp/quizzes/fetch.py); Django's own cursors never prepare.
        # Not behind a transaction pooler, where a prepared statement may sit on another server connection.
        "prepare_threshold": None if env_bool("DB_TRANSACTION_POOLER", default=False) else 5,
        **DATABASES["default"].get("OPTIONS", {}),
    }
    # Behind a transaction-pooling pgbouncer, consecutive statements may run on different server connections,
    # where a server-side cursor (QuerySet.iterator()) would be gone: fetch results client-side.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DB_TRANSACTION_POOLER", default=False)

_redis_url = env_str("REDIS_URL", "")
if _redis_url:
    if not _redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"REDIS_URL={_redis_url!r} must start with redis://, rediss:// or unix://.")
    # Redis gone or silent fails a cache call within REDIS_TIMEOUT_MS, once (no retries): a 503 in about a
    # second rather than a hung worker.
    _redis_timeout = env_int("REDIS_TIMEOUT_MS", 1000) / 1000
    CACHES = {
        "default": {
            "BACKEND": "quizapp.redis_cache.RedisCache",  # one client per pool: see there
            "LOCATION": _redis_url,
            # Several sites (or test runs) can share one Redis database with a prefix each.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", ""),
            "OPTIONS": {"socket_connect_timeout": _redis_timeout, "socket_timeout": _redis_timeout},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The question cards (quizapp/quizzes/cards.py) stay in each process, with Redis or without: their keys
# carry the content version read from the database on every fetch, so a process's copy is never stale,
# and a hit costs no round trip. Bounded: when full, the oldest third makes room.
CACHES["cards"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "question-cards",
    "OPTIONS": {"MAX_ENTRIES": 20_000},
}

# Log-in limits and API rates count in the cache: with several worker processes, a local-memory
# cache gives each its own counters and multiplies every limit by the number of workers.
if env_int("WEB_CONCURRENCY", 1) > 1 and not _redis_url:
    raise ImproperlyConfigured("WEB_CONCURRENCY > 1 needs REDIS_URL: limits must be counted in a shared cache.")

# How many reverse proxies in front of the app append to X-Forwarded-For. 0 (the default) means
# the client is REMOTE_ADDR and X-Forwarded-For, which anyone can send, is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

# Sessions live on the server (database rows read through the cache), so log-out and "log out
# everywhere" revoke them; a signed cookie stayed valid, captured, for two weeks after log-out.
SESSION_ENGINE = "quizapp.accounts.sessions"
# API tokens expire this many days after they were issued; 0 keeps them until revoked.
API_TOKEN_TTL_DAYS = env_int("API_TOKEN_TTL_DAYS", 0)
if API_TOKEN_TTL_DAYS < 0:
    raise ImproperlyConfigured("API_TOKEN_TTL_DAYS must be 0 (never) or more.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "quizzes:home"
LOGOUT_REDIRECT_URL = "quizzes:home"
WHITENOISE_USE_FINDERS = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "quizapp.accounts.tokens.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "quizapp.api.errors.api_exception_handler",
    # ?script=zh-Hans|zh-Hant: text in the reader's script, display only (quizapp/api/renderers.py)
    "DEFAULT_RENDERER_CLASSES": [
        "quizapp.api.renderers.ScriptJSONRenderer",
        "quizapp.api.renderers.ScriptBrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,  # also the log-in limits' client address (accounts/throttle.py)
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "120/min"),
        "user": env_str("API_USER_RATE", "600/min"),
    },
}
# Expensive or row-creating endpoints: (requests, window in seconds) per account, or per client
# address for anonymous visitors and sign-up (accounts/throttle.py). A load test raises them.
ENDPOINT_LIMITS = {
    "signup": (env_int("LIMIT_SIGNUPS_PER_HOUR", 20), 3600),
    "start": (env_int("LIMIT_STARTS_PER_10_MIN", 60), 600),
    "download": (env_int("LIMIT_DOWNLOADS_PER_10_MIN", 30), 600),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "quizapp API",
    "DESCRIPTION": "Articles, facts and grounded questions; quizzes, attempts and answers; decks, "
    "flashcard reviews and Anki downloads.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Where the app is served, for absolute links that leave it (Anki cards, Moodle/GIFT exports):
# never the request's host, which may be an internal address or a proxy's.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must start with http:// or https://.")

# Heavy work (deck packages, statistics, exports, imports) runs off the request in a worker. TASK_BACKEND:
# - "database" (the default): queued in the database, run by `manage.py db_worker` (make run starts one);
# - "rq": queued in Redis at REDIS_URL, run by `manage.py rqworker default` on any machine (quizapp/tasks_rq.py);
# - a backend's dotted path: django.tasks.backends.immediate.ImmediateBackend runs tasks inside the
#   request (no worker needed; the tests use it).
_TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "rq": "quizapp.tasks_rq.RedisQueueBackend"}
_task_backend = env_str("TASK_BACKEND", "database")
if _task_backend not in _TASK_BACKENDS and "." not in _task_backend:
    raise ImproperlyConfigured(f"TASK_BACKEND={_task_backend!r}: use database, rq or a backend's dotted path.")
_task_backend = _TASK_BACKENDS.get(_task_backend, _task_backend)
if _task_backend in (_TASK_BACKENDS["rq"], "django_tasks_rq.RQBackend"):
    if not _redis_url:
        raise ImproperlyConfigured("TASK_BACKEND=rq needs REDIS_URL: the task queue is kept in Redis.")
    _task_backend = _TASK_BACKENDS["rq"]
    INSTALLED_APPS.append("django_rq")
    # No timeouts in the URL: a worker blocks on Redis for minutes waiting for a job, and a request that
    # enqueues has read its session through the cache on the same Redis, failing in REDIS_TIMEOUT_MS. A job
    # running past DEFAULT_TIMEOUT (a 50,000-question package takes ~30 s) is stopped and reported.
    RQ_QUEUES = {"default": {"URL": _redis_url, "DEFAULT_TIMEOUT": 15 * 60}}
    RQ = {"JOB_CLASS": "quizapp.tasks_rq.Job", "QUEUE_CLASS": "quizapp.tasks_rq.RetryingQueue"}
    # django-rq's dashboard is English, shows raw job arguments and is for operators (`manage.py rqstats`):
    # not in the admin. Editors see a job's state on the page that waits for it (an import, a package).
    RQ_SHOW_ADMIN_LINK = False
TASKS = {"default": {"BACKEND": _task_backend}}
# Built deck packages (.apkg), one file per deck and content version; several app servers share it.
DECK_PACKAGE_DIR = Path(env_str("DECK_PACKAGE_DIR", str(BASE_DIR / "var" / "packages")))
# Bank-wide exports (built by the worker) and admin imports handed to it (the upload, then its
# report): every app server and the worker read it, so several machines share it like the packages.
INTEROP_DIR = Path(env_str("INTEROP_DIR", str(BASE_DIR / "var" / "interop")))

SESSION_COOKIE_HTTPONLY = True
# Pages send the CSRF token from the template (hx-headers on <body>, hidden fields, the API docs),
# never by reading the cookie, so scripts need not see it.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A load balancer checks liveness over plain HTTP; everything else is redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# A strict policy in development too, so a page that needs inline code fails early.
# htmx is configured (base.html) not to inject styles or evaluate strings.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

"""Newsroom settings: everything deployment-specific comes from the environment (rule 5)."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    return int(os.environ.get(name, default))


DEBUG = env_bool("DEBUG", default=False)

# The development key only exists when DEBUG is on; `check --deploy` flags it (security.W009).
DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-only-for-local-use"
SECRET_KEY = env_str("SECRET_KEY") or (DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    # SystemExit prints one line instead of a traceback, for manage.py and gunicorn alike.
    raise SystemExit(
        "Refusing to start: SECRET_KEY is not set and DEBUG is off. "
        "Set SECRET_KEY in the environment (or DEBUG=1 for local development)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Absolute base URL used in feeds, sitemaps, structured data and preview links.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env_str("SITE_NAME", "The Newsroom")
SITE_DESCRIPTION = env_str(
    "SITE_DESCRIPTION", "Independent local news, reported and edited by people."
)

# Seconds a public page, feed or sitemap may be served from the cache (0 turns caching off).
# A safety net: each change purges the copies showing it at once (newsroom/caching), no
# listing's copy outlives the next scheduled publication, and a deploy purges every copy
# (`manage.py purge_page_cache`). What ages only by it: an article's "Don't Miss" fill of newer
# stories sharing its tags.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 86400)
# Seconds the site's navigation and footer, shared by every page, are kept rendered between the
# changes that purge them (0: rendered for every page). Independent of the page cache, so that
# pages rendered afresh are cheaper too.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 86400)

# Feeds carry the full story unless turned off; then they send the dek and cover photo only.
FEEDS_FULL_TEXT = env_bool("FEEDS_FULL_TEXT", default=True)
# How long (seconds) readers and CDNs may reuse a feed; cut short before a scheduled publication.
FEEDS_MAX_AGE = env_int("FEEDS_MAX_AGE", 300)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "django.contrib.redirects",
    "django.contrib.postgres",
    "taggit",
    "django_prose_editor",
    "reversion",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "newsroom",
    "newsroom.security",
    "authors",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsroom.security.csp.CSPMiddleware",
    # Before anything that may answer early, so every /api/ answer carries its CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which serves its own compressed files; cached pages arrive compressed.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "newsroom.security.middleware.AuditContextMiddleware",
    "newsroom.security.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Old addresses (WordPress permalinks, category and author pages) answer 301 instead of 404.
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]
# django.contrib.redirects keys its rows by site; this project serves one.
SITE_ID = 1

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "newsroom.context_processors.site",
            ],
        },
    },
]

# Form widgets render through TEMPLATES, so templates/django/forms/ can correct Django's markup
# (an autocomplete's blank <option> is invalid HTML without a label).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A database that accepts connections but never answers must not hold a request for long: on
# PostgreSQL, connecting gives up after DATABASE_CONNECT_TIMEOUT seconds and a statement after
# DATABASE_STATEMENT_TIMEOUT (0 turns either off). Keepalives notice a silent peer on an open
# connection. manage.py turns the statement timeout off for commands (migrate, restore).
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    if DATABASE_CONNECT_TIMEOUT:
        _options["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
    if DATABASE_STATEMENT_TIMEOUT:
        _options["options"] = f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}"
    _options.update(keepalives=1, keepalives_idle=5, keepalives_interval=2, keepalives_count=2)

# Seconds to wait on Redis before rendering without the cache (it is an accelerator, never a
# dependency: newsroom/caching/backends.py).
REDIS_TIMEOUT = float(env_str("REDIS_TIMEOUT", "0.25"))


def cache_settings(redis_url):
    """CACHES for a Redis at `redis_url` (shared by every app server), or local memory."""
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "newsroom.caching.backends.FaultTolerantRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }


REDIS_URL = env_str("REDIS_URL")
CACHES = cache_settings(REDIS_URL)

# Front-end caches (Varnish with xkey, deploy/) that every publish, edit, unpublish and delete
# purges by key, e.g. "http://127.0.0.1:6081"; comma-separated for several.
FRONTEND_CACHES = env_list("FRONTEND_CACHES")
# Seconds after which each purge is sent again, for pages rendered while it went through.
FRONTEND_PURGE_REPEAT = float(env_str("FRONTEND_PURGE_REPEAT", "1.0"))

# django-axes checks every sign-in before the password is; it must come first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "admin:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The site's one language: "en-us" or "es" (Spanish ships in locale/; see README, "Languages").
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en-us")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
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
# Media on an S3-compatible store (AWS S3, MinIO, Ceph, R2…) through django-storages when a
# bucket is named, so several app servers share one copy; MEDIA_ROOT otherwise. URLs are plain
# (no signature), because rendition URLs are recorded on rows and cached in pages.
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MEDIA_S3_REGION") or None,
            # Unset: boto3 finds credentials itself (AWS_* variables, instance role).
            "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": env_str("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "location": env_str("MEDIA_S3_PREFIX"),
            "querystring_auth": False,
            # Like the local folder: a new file never replaces one of the same name.
            "file_overwrite": False,
        },
    }
# Uploads larger than this are refused before Pillow opens them (bytes).
PHOTO_MAX_UPLOAD_BYTES = env_int("PHOTO_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", 50_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

TAGGIT_CASE_INSENSITIVE = True

# The article body editor's own nodes: library photos, embeds, pull quotes (articles/embeds.py).
# The sanitiser is articles.richtext, so the allow-list processors here add nothing.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("articles/admin/body_forms.js")],
        "extensions": {name: html_tags([]) for name in ["BodyPhoto", "BodyEmbed", "PullQuote"]},
    }
]

# Production hardening; all of it is inert under DEBUG so `make run` works over plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Preview links for unpublished articles stay valid this long (seconds; default 48 hours).
PREVIEW_MAX_AGE = env_int("PREVIEW_MAX_AGE", 48 * 60 * 60)

# Security (see README "Security"). -------------------------------------------------------------

# Sign-in throttling (django-axes). Failures are stored in the database every app server shares;
# an account and an address each get LOGIN_FAILURES_ALLOWED wrong passwords in a row; the next
# failure locks them for the cool-off, whatever password comes after.
LOGIN_FAILURES_ALLOWED = env_int("LOGIN_FAILURES_ALLOWED", 5)
AXES_FAILURE_LIMIT = LOGIN_FAILURES_ALLOWED + 1
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.security.views.lockout"
AXES_CLIENT_IP_CALLABLE = "newsroom.security.audit.client_ip"
# Behind this many reverse proxies the client's address is that many hops into X-Forwarded-For;
# 0 trusts only the connection's own address (a client could forge the header otherwise).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Password-reset requests allowed per address and per e-mail address within the cool-off.
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 5)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "newsroom@localhost")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")

# Two-factor sign-in (django-otp, TOTP with recovery codes). Mandatory for editors and
# superusers unless turned off; the demo (DEBUG) stays password-only.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = SITE_NAME
TWO_FACTOR_RECOVERY_CODES = 10

# Content Security Policy (django-csp) on every response. Public pages carry no inline script,
# so no nonce: their cached copies are shared. The admin's inline scripts (the editor's import
# map) get a per-request nonce, and admin pages alone may use style attributes (see
# newsroom/security/csp.py). A MEDIA_URL on another host (object storage) is allowed for
# images; nothing else third-party. CSP_FRAME_SRC lists origins embeds may frame.
_media_origin = (
    "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "://" in MEDIA_URL else None
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *filter(None, [_media_origin])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Article embeds frame their provider's player once the reader clicks (articles/embeds.py);
        # Mastodon is federated (each server frames its own posts), so any https origin.
        "frame-src": env_list("CSP_FRAME_SRC") or ["https:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Content API (articles/api/): public, read-only, anonymous.
# How long (seconds) API clients and CDNs may reuse a response; cut short before a scheduled story.
API_MAX_AGE = env_int("API_MAX_AGE", 300)
# Requests per anonymous client (e.g. "120/minute"), counted in the shared cache.
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["articles.api.throttling.AnonymousRateThrottle"],
    # The client address for rate limits, as sign-in throttling reads it (see above); DRF's
    # default (None) would trust any X-Forwarded-For a client sends.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "VERSION": "1.0.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "articles.api.schema.postprocess",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}
# Any origin may read the API (GET, HEAD) from a browser; no cookies are involved.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag"]

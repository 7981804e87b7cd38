"""Settings for every environment, read from the process environment.

Production is the default: with DEBUG unset or off, SECRET_KEY and ALLOWED_HOSTS must be given
and the secure-transport settings are on. `make run` sets DEBUG=1 for local use.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "reports",
    # The admin with the editorial site (summitblog/admin_site.py) as its default site.
    "summitblog.apps.EditorialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "django_filters",
    "reversion",
    "reversion_compare",
    "adminsortable2",
    "imagekit",
    "axes",
]

MIDDLEWARE = [
    # First: a request for a method the site does not use, or with a body too large, gets no further.
    "summitblog.middleware.RequestLimitsMiddleware",
    "summitblog.routers.ReplicaReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An address that moved (a slug changed, a tag was merged): a 301 instead of its 404.
    "reports.redirects.RedirectMovedAddressesMiddleware",
    # An unchanged public page or feed (a 304, or the page cache) is served here, before the rest.
    "reports.caching.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The admin in the browser's time zone (a cookie its JavaScript sets), stored in UTC.
    "summitblog.middleware.BrowserTimezoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = os.environ.get("ROOT_URLCONF", "summitblog.urls")
WSGI_APPLICATION = "summitblog.wsgi.application"

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
                "reports.context_processors.site",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL names another database (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # Off by default: the check is an extra round trip on every request. On, a connection the
        # database dropped is noticed before use instead of failing one request per worker.
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS"),
    )
}
# Behind PgBouncer in transaction pooling mode, server-side cursors cannot be used.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DISABLE_SERVER_SIDE_CURSORS")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes the write lock when it begins, so that a save that locks its row first
    # (the admin's stale-save check) waits for another one instead of both reading the old row;
    # WAL lets pages be read while someone saves.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Read replicas (optional): DATABASE_REPLICA_URLS="postgres://...@replica1/db,postgres://...@replica2/db".
# Anonymous public page reads go to them; writes, the admin and signed-in users use the primary.
DATABASE_REPLICAS = []
REPLICA_CONNECT_TIMEOUT = int(os.environ.get("REPLICA_CONNECT_TIMEOUT", "2"))  # seconds
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    alias = f"replica{number}"
    # Health checks on: a replica that went away is noticed before a page uses it (summitblog.routers).
    DATABASES[alias] = dj_database_url.parse(
        url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    if DATABASES[alias]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES[alias].setdefault("OPTIONS", {})["connect_timeout"] = REPLICA_CONNECT_TIMEOUT
    DATABASE_REPLICAS.append(alias)
# The planner's cost of reading a page at random. PostgreSQL's default (4) models spinning disks;
# with the data in memory or on SSDs, as here, 2 has it probe indexes instead of reading whole
# tables, which the list pages rely on at size. Lower (1.1, often advised for SSDs) has it walk
# every write-up newest first looking for a rare project's few. Empty leaves the server's setting
# (needed behind PgBouncer, which refuses startup options: set it there instead).
PG_RANDOM_PAGE_COST = os.environ.get("PG_RANDOM_PAGE_COST", "2")
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql" and PG_RANDOM_PAGE_COST:
        database.setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={float(PG_RANDOM_PAGE_COST)}"
DATABASE_ROUTERS = ["summitblog.routers.ReadReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, hashed names (far-future caching by WhiteNoise): always in production, and in
    # `make run` (STATIC_COMPRESSED=1 after collectstatic), so that pages load as readers get them.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_COMPRESSED", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploaded media on S3-compatible object storage (django-storages) when a bucket is named.
# Credentials come from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY environment.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_ORIGIN = ""
if AWS_STORAGE_BUCKET_NAME:
    custom_domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": custom_domain or None,
            "querystring_auth": False,  # public images, stable URLs that pages and feeds can cache
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    MEDIA_ORIGIN = (
        f"https://{custom_domain}"
        if custom_domain
        else os.environ.get("AWS_S3_ENDPOINT_URL", f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
    )

TAGGIT_CASE_INSENSITIVE = True

# Uploaded images: refused above this size (bytes) or these pixel dimensions.
MAX_IMAGE_BYTES = int(os.environ.get("MAX_IMAGE_BYTES", 5 * 1024 * 1024))
MAX_IMAGE_PIXELS = (4000, 4000)
# Uploads are written to disk no further than MAX_IMAGE_BYTES (summitblog.uploads); a larger one
# is refused by the form with its size. The form fields besides files may take 5 MB, a request
# 32 MB in all (a 413 before its body is read), and a query string or form 1,000 fields (a 400).
FILE_UPLOAD_HANDLERS = ["summitblog.uploads.CappedUploadHandler"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", 32 * 1024 * 1024))

SITE_NAME = "summitblog"
# The site's public address, for links in emails sent outside a request (send_notices, send_digests).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")

# Caching. Local memory per process by default; Redis (shared by every web process) with REDIS_URL.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Django's RedisCache with short timeouts, no retries and a circuit breaker: with Redis down
    # or hanging, pages are built from the database (summitblog/cache.py).
    CACHES = {
        "default": {"BACKEND": "summitblog.cache.ResilientRedisCache", "LOCATION": REDIS_URL},
        # The pages most asked for, also in each process's memory: a page read from Redis is tens
        # of kB over the network. Keyed by the content version like the shared copy (reports.caching).
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "summitblog-pages",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGES_IN_PROCESS", "300"))},
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "summitblog",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
# Public pages and feeds are kept whole this long (0 turns the page cache off). Keys carry the
# content version (reports.caching), so a change readers can see shows at once; nothing waits for expiry.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Counts and facets are kept per content version this long, whatever PAGE_CACHE_SECONDS says.
DATA_CACHE_SECONDS = int(os.environ.get("DATA_CACHE_SECONDS", "3600"))
# How long a browser or CDN may reuse a page without asking again (they revalidate with the ETag).
PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "0"))

# Feeds: items per page (older items are a `next` link away) and how long clients may reuse one.
# 20 full-text items, as WordPress (10) and Ghost (15) keep theirs short: a reader polls every few
# minutes and needs only what is new, and every poll that is not a 304 downloads the whole page.
FEED_ITEM_LIMIT = int(os.environ.get("FEED_ITEM_LIMIT", "20"))
FEED_MAX_AGE = int(os.environ.get("FEED_MAX_AGE", "300"))

LOGIN_URL = "admin:login"

# Email (the review loop, digests): SMTP when EMAIL_HOST is set, else printed to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587" if EMAIL_HOST else "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10  # seconds: a mail server that hangs must not hang the editor's request
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "summitblog <noreply@summitblog.example>")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
# Markdown previews an author's browser may ask for per minute (each keystroke pause sends one).
PREVIEW_RATE_PER_MINUTE = int(os.environ.get("PREVIEW_RATE_PER_MINUTE", "120"))
# Email subscription sign-ups one client address may send per hour (a 429 beyond).
SUBSCRIBE_RATE_PER_HOUR = int(os.environ.get("SUBSCRIBE_RATE_PER_HOUR", "10"))

# Admin sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# The client address (summitblog/client_ip.py): the socket's peer, or behind the proxy the address
# the proxy appended to X-Forwarded-For. The lockout is per username *and* address, so failures
# from one address never lock the account for everyone else.
BEHIND_PROXY = env_bool("BEHIND_PROXY")
AXES_CLIENT_IP_CALLABLE = "summitblog.client_ip.client_ip"

# Content-Security-Policy (django-csp): our pages need no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"

# Behind a TLS-terminating proxy in production; every one of these can be relaxed for a
# plain-HTTP benchmark on loopback with the same variable names.
# X-Forwarded-Proto is believed only behind the proxy that sets it; anyone else could send it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

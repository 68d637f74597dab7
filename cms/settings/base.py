"""Settings shared by every environment, configured from the environment.

Safe to run in production as it stands: nothing secret has a default here.
dev.py and test.py add conveniences; production.py adds hardening.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cms.rich_text import BODY_FEATURES

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

INSTALLED_APPS = [
    "cms",
    "home",
    "treatments",
    "articles",
    "tags",
    "signoff",
    "team",
    "search",
    "wpimport",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
]

# Order matters: the security headers wrap everything (cache hits included); the
# site-wide parameter rules (cms/parameters.py) come before anything reads one; the
# page cache answers before sessions or anything else that could query the database;
# the CSP comes inside it, so a stored page keeps the policy it was rendered with and a
# hit does not build it again (WhiteNoise's static files, answered earlier, are the
# site's own CSS, scripts and icons, which need none); requests some Wagtail admin views
# cannot handle are refused after the CSRF check (cms/admin_requests.py); django-axes
# comes last, as its documentation requires.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.parameters.ParameterRulesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "wpimport.middleware.PostIdRedirectMiddleware",
    "cms.cache.PageCacheMiddleware",
    "cms.stored_parts.StoredPartsMiddleware",
    "cms.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.admin_requests.AdminRequestChecksMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Django's renderer, made safe for redisplaying tampered chooser ids (see the module).
FORM_RENDERER = "cms.form_renderer.FormRenderer"

WSGI_APPLICATION = "cms.wsgi.application"

# DATABASE_URL selects the database everywhere; an SQLite file by default.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The admin's preview and autosave requests write while a page is being saved;
    # taking the write lock when a transaction starts (and waiting for it) avoids
    # "database is locked" errors under the threaded dev server.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "cms.User"

# django-axes checks for a lockout before Django checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Where Wagtail's front-end sign-in (/_util/login/, for pages private to signed-in users)
# and its page-password form go when they have no safe address to return to.
LOGIN_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# Uploaded media (docs/media.md): images, their renditions and documents go to the
# MEDIA_ROOT folder, which Django serves itself (cms/media.py) unless DJANGO_SERVE_MEDIA
# is off because the front web server serves it; or, for several app servers, to
# S3-compatible object storage when AWS_STORAGE_BUCKET_NAME is set.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", True)
# How long browsers may keep an image before asking again (served here or by the bucket).
MEDIA_CACHE_SECONDS = 60 * 60 * 24
# After object storage fails, it is not asked for this many seconds (cms/storage_failures.py).
STORAGE_RETRY_AFTER = int(os.environ.get("MEDIA_STORAGE_RETRY_AFTER", "30"))


def media_storage():
    """STORAGES["default"]: MEDIA_ROOT, or the S3-compatible bucket named by AWS_STORAGE_BUCKET_NAME.

    Keys come from the environment only: boto3 reads AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY itself (or an instance role), so they never sit in settings.
    """
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    from botocore.config import Config

    return {
        "BACKEND": "cms.storage_failures.GuardedS3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
            "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE") or "86400"),
            # Wagtail names files after the upload: two "photo.jpg"s must not share one object.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": f"public, max-age={MEDIA_CACHE_SECONDS}"},
            # Give up on a storage that is down within seconds (cms/storage_failures.py
            # turns the failure into an upload error, a page without the image or a 503
            # download, and leaves the storage alone for STORAGE_RETRY_AFTER seconds).
            "client_config": Config(
                s3={"addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None},
                connect_timeout=2,
                read_timeout=10,
                retries={"mode": "standard", "max_attempts": 2},
            ),
        },
    }


STORAGES = {
    "default": media_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads are refused with a form error while the media storage cannot take them
# (cms/media_forms.py); SEO staff edit an image's alt text and nothing else
# (cms/image_permissions.py, whose form builds on the storage-checked one).
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.image_permissions.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.media_forms.DocumentForm"

# Cache: Redis when REDIS_URL is set, local memory otherwise. The cache only speeds
# pages up, so a Redis that is down or hangs is given up on within REDIS_TIMEOUT
# seconds and left alone for REDIS_RETRY_AFTER seconds (cms/cache_outage.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.25"))
REDIS_RETRY_AFTER = int(os.environ.get("REDIS_RETRY_AFTER", "10"))


def redis_cache(url, timeout):
    """django-redis on ``url``: errors are misses, calls time out after ``timeout`` seconds, guarded."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
            "REDIS_CLIENT_CLASS": "cms.cache_outage.GuardedRedis",
        },
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL, REDIS_TIMEOUT)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Full-page cache for anonymous visitors (cms/cache.py); purged on publish (cms/signals.py).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "3600"))
# Fragments of pages reused by the requests the page cache cannot serve (logged-in
# visitors, sessions): cms/templatetags/page_fragments.py. Same lifetime and purge.
FRAGMENT_CACHE_ENABLED = env_bool("FRAGMENT_CACHE_ENABLED", True)
# Parts of a page rendered from its own content, kept in the database until it or
# anything shared changes: cms/stored_parts.py. Off only to measure them.
STORED_PARTS_ENABLED = env_bool("STORED_PARTS_ENABLED", True)

# Content-Security-Policy (django-csp 4). Public pages: everything from this site,
# nothing inline (JSON-LD data blocks are not scripts the browser runs, so script-src
# does not apply to them), no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin (and public pages seen by signed-in editors, which carry the
# Wagtail user bar) needs more, chosen by cms.security.ContentSecurityPolicyMiddleware.
# Each allowance below was found necessary by loading admin pages in Chromium without it:
# - script-src 'unsafe-inline': admin templates print inline <script> initialisers
#   (inline panels, date pickers, choosers) whose content changes per form;
# - style-src 'unsafe-inline': the page editor's JavaScript applies inline styles;
# - img-src data: for jQuery UI's menus (tag autocomplete) in the admin stylesheet,
#   and blob: for the thumbnails "Add images" shows of files chosen for upload;
# - frame-src/frame-ancestors 'self' for the live preview panel, which frames the
#   admin's own preview view.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

# Admin sign-in lockout (django-axes): five wrong passwords for one username from one
# address pause sign-in for that pair for 15 minutes. The address is REMOTE_ADDR, which
# a client cannot forge; behind a reverse proxy it is the proxy's, so the lock then
# holds for the username from everywhere: stricter, never weaker. Page passwords are
# counted the same way, per restriction and address (cms/page_passwords.py).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "cms.security.lockout_response"
AXES_RESET_ON_SUCCESS = True

# Mail (docs/mail.md): Django's own settings, each read from the variable of the same
# name. cms.mail's backend logs a failure instead of raising it, so a mail server that is
# down or hangs never fails the action that sent the mail; EMAIL_TIMEOUT bounds the wait.
# Production's check --deploy fails without EMAIL_HOST and DEFAULT_FROM_EMAIL (cms/checks.py).
EMAIL_BACKEND = "cms.mail.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "Set one of EMAIL_USE_TLS and EMAIL_USE_SSL, not both: "
        "STARTTLS (usually port 587) or TLS from the start (usually port 465)."
    )
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT") or "10")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL") or DEFAULT_FROM_EMAIL

# Search: Wagtail's database backend (search.backends.database: SQLite FTS5 with a
# faster ranked query, or PostgreSQL full text) unless ELASTICSEARCH_URL is set.
# With Elasticsearch/OpenSearch the database index is kept current too, and search
# answers from it (SEARCH_FALLBACK_BACKEND) whenever the search service fails.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_BACKENDS_BY_NAME = {
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
}
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "elasticsearch9")
# English analysis (possessives, stop words, stemming, accents folded) for every text
# field Elasticsearch indexes, so "injection" finds "injections" as on PostgreSQL.
ELASTICSEARCH_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "filter": {
                "english_possessive": {"type": "stemmer", "language": "possessive_english"},
                "english_stop": {"type": "stop", "stopwords": "_english_"},
                "english_stemmer": {"type": "stemmer", "language": "english"},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "english_possessive",
                        "lowercase",
                        "asciifolding",
                        "english_stop",
                        "english_stemmer",
                    ],
                }
            },
        }
    }
}


def search_backends(elasticsearch_url, backend_name, index_prefix="clinic_"):
    """WAGTAILSEARCH_BACKENDS: the database alone, or Elasticsearch/OpenSearch with the database beside it."""
    # An explicit text search configuration makes PostgreSQL's to_tsquery() immutable, so
    # a query is parsed once and can use the GIN indexes (SQLite ignores it).
    database = {"BACKEND": "search.backends.database", "SEARCH_CONFIG": "english"}
    if not elasticsearch_url:
        return {"default": database}
    if backend_name not in SEARCH_BACKENDS_BY_NAME:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND must be one of {sorted(SEARCH_BACKENDS_BY_NAME)}, not {backend_name!r}"
        )
    search_service = {
        "BACKEND": SEARCH_BACKENDS_BY_NAME[backend_name],
        "URLS": [elasticsearch_url],
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": 5,
        # One quick retry, not the client's default three, before falling back.
        "OPTIONS": {"max_retries": 1, "retry_on_timeout": False},
        "INDEX_SETTINGS": ELASTICSEARCH_INDEX_SETTINGS,
    }
    return {"default": search_service, "database": database}


WAGTAILSEARCH_BACKENDS = search_backends(
    ELASTICSEARCH_URL, SEARCH_BACKEND, os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "clinic_")
)
# Where search answers from when the default backend fails (search/outage.py).
SEARCH_FALLBACK_BACKEND = "database" if ELASTICSEARCH_URL else None

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Clinic")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "cms.CustomImage"
# A password-protected page asks for its password in the site's layout, telling nothing of the page.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "password_required.html"  # noqa: S105 (a template name)
# Thumbnailing decodes the whole image: about 3.3 bytes a pixel (a 121-megapixel upload
# took 393 MB of a worker). 40 megapixels (~130 MB) takes any phone's usual photo and
# most cameras' (24-33 MP) and is far beyond what a web page shows; larger files get a
# form error asking for a smaller copy.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Documents are served through Wagtail's view: only PDFs open in the browser, the rest
# download, and every one gets "Content-Security-Policy: default-src 'none'".
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
# Office documents only: no HTML, SVG or scripts dressed up as documents.
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "csv", "rtf", "doc", "docx", "odt"]
WAGTAILDOCS_EXTENSIONS += ["xls", "xlsx", "ods", "ppt", "pptx", "odp"]
# No calls from the admin to third parties (avatars, release checks).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Any rich text field without its own feature list gets a page body's (cms/rich_text.py).
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": BODY_FEATURES},
    }
}
TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

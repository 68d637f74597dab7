"""Test runs: fast password hashing, local-memory cache, in-memory email."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Off so one test's cached page or fragment never answers another's;
# tests/cms/test_cache.py and test_page_fragments.py switch them on for themselves.
PAGE_CACHE_ENABLED = False
FRAGMENT_CACHE_ENABLED = False
# django-axes stays on; only Django's test client login(), which passes no request,
# is let through to the password check (see the backend's docstring).
AUTHENTICATION_BACKENDS = [
    "cms.security.RequestOptionalAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Tests run without collectstatic; look static files up per request instead of warning
# at start-up that STATIC_ROOT is missing. (tests/cms/test_static_files.py checks
# production's start-up scan of collected files.)
WHITENOISE_AUTOREFRESH = True

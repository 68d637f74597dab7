"""Settings come from the environment, and production refuses to start half-configured.

Each case starts Django in a fresh interpreter with a controlled environment, because
settings are read once at import and cannot be re-read inside this test process.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as test_settings

PRODUCTION_ENV = {"DJANGO_SECRET_KEY": "x" * 64, "DJANGO_ALLOWED_HOSTS": "clinic.example.com"}

PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "DATABASE": {k: settings.DATABASES["default"][k] for k in ("ENGINE", "NAME", "HOST", "PORT", "USER")},
    "CACHE": settings.CACHES["default"],
    "SEARCH": settings.WAGTAILSEARCH_BACKENDS["default"],
    "WAGTAILADMIN_BASE_URL": settings.WAGTAILADMIN_BASE_URL,
}, default=str))
"""

# Variables the settings read; none is inherited from the environment running the tests.
CONFIG_VARIABLES = (
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "ELASTICSEARCH_URL",
    "SEARCH_BACKEND",
    "WAGTAILADMIN_BASE_URL",
)


def start_django(module, **env):
    """Run ``django.setup()`` under ``cms.settings.<module>`` with exactly ``env`` configured."""
    base_env = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    return subprocess.run(  # noqa: S603 (this interpreter, our own code)
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=test_settings.BASE_DIR,
        env={**base_env, "DJANGO_SETTINGS_MODULE": f"cms.settings.{module}", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_under(module, **env):
    """The settings Django ends up with, as a dict; fails the test if Django will not start."""
    result = start_django(module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


class TestProductionRefusesToStartHalfConfigured:
    def test_without_a_secret_key(self):
        """No DJANGO_SECRET_KEY: Django stops with a message saying what to set."""
        result = start_django("production", DJANGO_ALLOWED_HOSTS="clinic.example.com")
        assert result.returncode != 0
        assert "ImproperlyConfigured: Set DJANGO_SECRET_KEY for production." in result.stderr

    def test_without_allowed_hosts(self):
        """No DJANGO_ALLOWED_HOSTS: Django stops with a message saying what to set."""
        result = start_django("production", DJANGO_SECRET_KEY="x" * 64)
        assert result.returncode != 0
        assert "ImproperlyConfigured: Set DJANGO_ALLOWED_HOSTS" in result.stderr

    def test_starts_when_both_are_set(self):
        """With both set, production starts with debug off and the hosts given."""
        config = settings_under(
            "production",
            DJANGO_SECRET_KEY="x" * 64,
            DJANGO_ALLOWED_HOSTS="clinic.example.com, www.clinic.example.com",
        )
        assert config["DEBUG"] is False
        assert config["ALLOWED_HOSTS"] == ["clinic.example.com", "www.clinic.example.com"]


class TestDatabaseUrl:
    @pytest.mark.parametrize("module", ["dev", "test", "production"])
    def test_database_url_selects_the_database_everywhere(self, module):
        """DATABASE_URL picks PostgreSQL (host, port, name, user) in every settings module."""
        config = settings_under(
            module, DATABASE_URL="postgres://clinic:secret@db.example.com:5433/clinic_db", **PRODUCTION_ENV
        )
        assert config["DATABASE"] == {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "clinic_db",
            "HOST": "db.example.com",
            "PORT": 5433,
            "USER": "clinic",
        }

    def test_without_it_an_sqlite_file_is_used(self):
        """Unset, the site uses an SQLite file in the project folder."""
        config = settings_under("dev")
        assert config["DATABASE"]["ENGINE"] == "django.db.backends.sqlite3"
        assert config["DATABASE"]["NAME"].endswith("db.sqlite3")


class TestCache:
    def test_redis_url_selects_django_redis(self):
        """REDIS_URL switches the cache to django-redis at that address."""
        config = settings_under("production", REDIS_URL="redis://127.0.0.1:6379/1", **PRODUCTION_ENV)
        assert config["CACHE"]["BACKEND"] == "django_redis.cache.RedisCache"
        assert config["CACHE"]["LOCATION"] == "redis://127.0.0.1:6379/1"

    def test_without_it_the_cache_is_local_memory(self):
        """Unset, each process caches in its own memory."""
        config = settings_under("production", **PRODUCTION_ENV)
        assert config["CACHE"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


class TestSearchBackend:
    def test_without_elasticsearch_the_database_backend_is_used(self):
        """No ELASTICSEARCH_URL: search runs on the database, whatever SEARCH_BACKEND says."""
        config = settings_under("production", SEARCH_BACKEND="opensearch2", **PRODUCTION_ENV)
        assert config["SEARCH"]["BACKEND"].endswith("backends.database")

    @pytest.mark.parametrize(
        ("name", "backend"),
        [
            ("elasticsearch8", "wagtail.search.backends.elasticsearch8"),
            ("opensearch2", "wagtail.search.backends.opensearch2"),
        ],
    )
    def test_elasticsearch_url_and_search_backend_select_the_backend(self, name, backend):
        """ELASTICSEARCH_URL turns Elasticsearch on; SEARCH_BACKEND names the flavour."""
        config = settings_under(
            "production", ELASTICSEARCH_URL="http://127.0.0.1:9200", SEARCH_BACKEND=name, **PRODUCTION_ENV
        )
        assert config["SEARCH"]["BACKEND"] == backend
        assert config["SEARCH"]["URLS"] == ["http://127.0.0.1:9200"]

    def test_elasticsearch_9_is_the_default_flavour(self):
        """With only ELASTICSEARCH_URL set, the Elasticsearch 9 backend is used."""
        config = settings_under("production", ELASTICSEARCH_URL="http://127.0.0.1:9200", **PRODUCTION_ENV)
        assert config["SEARCH"]["BACKEND"] == "wagtail.search.backends.elasticsearch9"

    def test_an_unknown_search_backend_is_refused(self):
        """A misspelt SEARCH_BACKEND stops Django with the list of valid names."""
        result = start_django(
            "production", ELASTICSEARCH_URL="http://127.0.0.1:9200", SEARCH_BACKEND="solr", **PRODUCTION_ENV
        )
        assert result.returncode != 0
        assert "SEARCH_BACKEND must be one of" in result.stderr
        assert "'solr'" in result.stderr


def test_admin_base_url_comes_from_the_environment():
    """Links in admin emails use WAGTAILADMIN_BASE_URL."""
    config = settings_under(
        "production", WAGTAILADMIN_BASE_URL="https://clinic.example.com", **PRODUCTION_ENV
    )
    assert config["WAGTAILADMIN_BASE_URL"] == "https://clinic.example.com"

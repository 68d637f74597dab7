"""A Redis cache that is down, hangs or drops connections: given up on fast, pages served uncached.

Each test starts its own redis-server on a free loopback port and breaks it for real.
tests/faults/ does the same to the site served by gunicorn.
"""

import logging
import runpy
import shutil
import time

import pybreaker
import pytest
from django.core.cache import caches

from benchmarks.servers import RedisServer, free_port
from cms.cache_outage import breaker
from cms.settings import base as base_settings

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")

TIMEOUT = 0.25


@pytest.fixture
def closed_breaker():
    """Every test starts with Redis trusted, and leaves it so."""
    breaker.close()
    yield breaker
    breaker.close()


def redis_caches(url):
    """CACHES as production builds them from REDIS_URL, with the test's timeout."""
    return {"default": base_settings.redis_cache(url, TIMEOUT)}


@pytest.fixture
def redis_server():
    with RedisServer() as server:
        yield server


@pytest.fixture
def redis_cache(settings, redis_server, closed_breaker, empty_cache):
    local_memory = settings.CACHES
    settings.CACHES = redis_caches(redis_server.url)
    yield caches["default"]
    settings.CACHES = local_memory


def timed(call):
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def test_production_settings_use_the_breaker_and_short_timeouts(monkeypatch):
    """REDIS_URL gives django-redis the guarded pool, short timeouts, and errors ignored."""
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    options = runpy.run_path(base_settings.__file__)["CACHES"]["default"]["OPTIONS"]
    assert options["REDIS_CLIENT_CLASS"] == "cms.cache_outage.GuardedRedis"
    assert options["IGNORE_EXCEPTIONS"] is True
    assert 0 < options["SOCKET_TIMEOUT"] < 1
    assert 0 < options["SOCKET_CONNECT_TIMEOUT"] < 1


def test_pipelines_go_through_the_breaker_too(redis_cache, redis_server):
    """set_many (a pipeline) against a paused Redis opens the breaker like a single command."""
    redis_server.pause()
    try:
        redis_cache.set_many({"a": 1, "b": 2})
    finally:
        redis_server.resume()
    assert breaker.current_state == pybreaker.STATE_OPEN


def test_a_hung_redis_is_given_up_on_at_once_and_skipped(redis_cache, redis_server, caplog):
    """Paused Redis: the first call waits one timeout, the next ones none, with one warning logged."""
    redis_cache.set("key", "value")
    redis_server.pause()
    try:
        with caplog.at_level(logging.WARNING, logger="cms.cache_outage"):
            first, first_seconds = timed(lambda: redis_cache.get("key"))
            later = [timed(lambda: redis_cache.get("key")) for _ in range(5)]
    finally:
        redis_server.resume()

    assert first is None
    assert TIMEOUT <= first_seconds < 1
    assert all(value is None and seconds < 0.05 for value, seconds in later)
    warnings = [record.message for record in caplog.records if "Redis cache is unreachable" in record.message]
    assert len(warnings) == 1


def test_redis_is_tried_again_after_the_pause(redis_cache, redis_server, monkeypatch):
    """Once the pause is over, the next call goes to Redis again, and a success closes the breaker."""
    redis_cache.set("key", "value")
    redis_server.pause()
    try:
        assert redis_cache.get("key") is None
    finally:
        redis_server.resume()
    assert breaker.current_state == pybreaker.STATE_OPEN
    assert redis_cache.get("key") is None  # still skipped, though Redis answers again

    monkeypatch.setattr(breaker, "reset_timeout", 0)
    assert redis_cache.get("key") == "value"
    assert breaker.current_state == pybreaker.STATE_CLOSED


def test_dropped_connections_are_misses_not_errors(redis_cache, redis_server):
    """Every client connection closed by the server: the cache call answers (a miss at worst)."""
    redis_cache.set("key", "value")
    redis_server.drop_connections()
    assert redis_cache.get("key") in (None, "value")


def test_pages_render_while_nothing_listens(client, settings, closed_breaker, treatment):
    """REDIS_URL pointing at a closed port: pages and their fragments are rendered and served, uncached."""
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{free_port()}/0")
    settings.PAGE_CACHE_ENABLED = settings.FRAGMENT_CACHE_ENABLED = True
    try:
        answers = [client.get(treatment.url) for _ in range(3)]
    finally:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    assert [response.status_code for response in answers] == [200, 200, 200]
    assert all(b"Botox for chronic migraine" in response.content for response in answers)

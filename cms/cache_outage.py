"""Giving up on Redis fast when it is down or hangs, and leaving it alone for a while.

The cache is an accelerator: every page can be rendered without it. So a Redis that
refuses connections, drops them or stops answering must cost a request a fraction of a
second at most, never the site. Two things see to that:

- short connect and read timeouts on every connection (``REDIS_TIMEOUT`` seconds, set
  in cms/settings/base.py), with no retries;
- a circuit breaker (pybreaker) shared by every connection of this process: the first
  connection error or timeout opens it, and for ``REDIS_RETRY_AFTER`` seconds every
  cache call fails at once without touching the network. django-redis, with
  ``IGNORE_EXCEPTIONS``, turns those failures into cache misses and ignored writes, so
  pages are rendered and served uncached. After the pause, the next call tries Redis
  again: success closes the breaker, failure opens it for another pause.

The breaker sits on the connection's network calls (connect, send, read) rather than
on django-redis' cache methods, so it covers every command, pipelines included, and
works the same for ``redis://`` and ``rediss://`` connections.

Skipping the cache never serves anything stale: what a purge invalidates is decided
in the database (``cms.cache``), not in Redis.
"""

import logging

import pybreaker
from django.conf import settings
from redis.connection import Connection, ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


class OutageLog(pybreaker.CircuitBreakerListener):
    """One warning when the cache is given up on, one line when it is back: not one per request."""

    def state_change(self, breaker, old, new):
        if new.name == pybreaker.STATE_OPEN:
            logger.warning(
                "The Redis cache is unreachable; pages are served without it for the next %s seconds.",
                breaker.reset_timeout,
            )
        elif new.name == pybreaker.STATE_CLOSED and old is not None and old.name != pybreaker.STATE_CLOSED:
            logger.warning("The Redis cache answers again; pages are cached again.")


def is_not_an_outage(error):
    """Errors Redis answered with (a wrong command, say) say nothing about whether it is reachable."""
    return not isinstance(error, OUTAGE_ERRORS)


breaker = pybreaker.CircuitBreaker(
    fail_max=1,
    reset_timeout=getattr(settings, "REDIS_RETRY_AFTER", 10),
    exclude=[is_not_an_outage],
    listeners=[OutageLog()],
    name="redis cache",
)


def guarded(call, *args, **kwargs):
    """``call(*args, **kwargs)`` through the breaker; a redis ``ConnectionError`` at once while it is open."""
    try:
        return breaker.call(call, *args, **kwargs)
    except pybreaker.CircuitBreakerError as error:
        raise RedisConnectionError(f"Redis cache skipped: {error}") from error


class BreakerConnection:
    """Mixed into the pool's connection class: every network call goes through the breaker."""

    def connect(self):
        return guarded(super().connect)

    def send_packed_command(self, command, check_health=True):
        return guarded(super().send_packed_command, command, check_health)

    def read_response(self, *args, **kwargs):
        return guarded(super().read_response, *args, **kwargs)


class BreakerConnectionPool(ConnectionPool):
    """django-redis' ``CONNECTION_POOL_CLASS``: the URL's connection class (plain, TLS, socket), guarded."""

    def __init__(self, connection_class=Connection, **kwargs):
        guarded_class = type(f"Breaker{connection_class.__name__}", (BreakerConnection, connection_class), {})
        super().__init__(connection_class=guarded_class, **kwargs)

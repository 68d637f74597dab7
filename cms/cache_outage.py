"""Giving up on Redis fast when it is down or hangs, and leaving it alone for a while.

The cache is an accelerator: every page can be rendered without it. So a Redis that
refuses connections, drops them or stops answering must cost a request a fraction of a
second at most, never the site. Two things see to that:

- short connect and read timeouts on every connection (``REDIS_TIMEOUT`` seconds, set
  in cms/settings/base.py), with no retries;
- a circuit breaker (cms/outage_breaker.py) shared by every connection of this process:
  the first connection error or timeout opens it, and for ``REDIS_RETRY_AFTER`` seconds
  every cache call fails at once without touching the network. django-redis, with
  ``IGNORE_EXCEPTIONS``, turns those failures into cache misses and ignored writes, so
  pages are rendered and served uncached. After the pause, the next call tries Redis
  again: success closes the breaker, failure opens it for another pause.

The breaker wraps whole commands (``Redis.execute_command`` and a pipeline's
``execute``), given to django-redis as its ``REDIS_CLIENT_CLASS``: only a full round
trip counts as Redis answering, and every command and connection kind (``redis://``,
``rediss://``, ``unix://``) goes through it.

Skipping the cache never serves anything stale: what a purge invalidates is decided
in the database (``cms.cache``), not in Redis.
"""

import logging

from django.conf import settings
from redis.client import Pipeline, Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from cms import outage_breaker

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


def is_an_outage(error):
    """Errors Redis answered with (a wrong command, say) say nothing about whether it is reachable."""
    return isinstance(error, OUTAGE_ERRORS)


breaker = outage_breaker.outage_breaker(
    name="redis cache",
    retry_after=settings.REDIS_RETRY_AFTER,
    is_outage=is_an_outage,
    logger=logger,
    given_up="The Redis cache is unreachable; pages are served without it for the next %s seconds.",
    back="The Redis cache answers again; pages are cached again.",
)


def guarded(call, *args, **kwargs):
    """``call(*args, **kwargs)`` through the breaker; a redis ``ConnectionError`` at once while it is open."""
    return outage_breaker.guarded(breaker, RedisConnectionError, call, *args, **kwargs)


class GuardedPipeline(Pipeline):
    def execute(self, raise_on_error=True):
        return guarded(super().execute, raise_on_error)


class GuardedRedis(Redis):
    """django-redis' ``REDIS_CLIENT_CLASS``: redis-py's client with every command through the breaker."""

    def execute_command(self, *args, **options):
        return guarded(super().execute_command, *args, **options)

    def pipeline(self, transaction=True, shard_hint=None):
        return GuardedPipeline(self.connection_pool, self.response_callbacks, transaction, shard_hint)

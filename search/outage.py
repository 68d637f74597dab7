"""Answering from the database when the configured search service (Elasticsearch) fails.

Settings: ``SEARCH_FALLBACK_BACKEND`` names a ``WAGTAILSEARCH_BACKENDS`` entry (the
database backend, kept current alongside Elasticsearch). When it is unset the
default backend's errors propagate as usual.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from wagtail.search.backends import get_search_backend

logger = logging.getLogger(__name__)

UNAVAILABLE_CACHE_KEY = "search:default-backend-unavailable"
#: After a failure, requests go straight to the fallback for this many seconds.
RETRY_AFTER_SECONDS = 30


def with_fallback(work):
    """Return ``work(backend)`` from the default backend, or from the fallback when it fails.

    ``work`` must evaluate everything it needs (results, counts, facets) before
    returning, so that errors surface here rather than in the template.
    """
    fallback = getattr(settings, "SEARCH_FALLBACK_BACKEND", None)
    if fallback and cache.get(UNAVAILABLE_CACHE_KEY):
        return work(get_search_backend(fallback))
    try:
        return work(get_search_backend())
    except Exception:
        if not fallback:
            raise
        logger.warning(
            "The search backend failed; answering from %r for the next %s seconds.",
            fallback,
            RETRY_AFTER_SECONDS,
            exc_info=True,
        )
        cache.set(UNAVAILABLE_CACHE_KEY, True, RETRY_AFTER_SECONDS)
        return work(get_search_backend(fallback))

"""Full-page cache for anonymous visitors, on Django's cache framework.

A page rendered by Wagtail for a visitor without a session is stored whole in the
``default`` cache (Redis when ``REDIS_URL`` is set, local memory otherwise) and served
again before sessions, authentication, the Wagtail site lookup or the page tree are
touched, so a repeat hit runs no SQL at all.

Stored: GET responses of Wagtail's page view (URL name ``wagtail_serve``) with status
200 that set no cookie, are not marked private or no-store, vary on nothing but
``Cookie`` (which is safe here: only cookie-less-session requests are cached, and a
page that reads the CSRF cookie sets it again, so it is never stored) and used no CSP
nonce (which must be new for every response). They are stored with their headers,
the Content-Security-Policy included, under their URL less any tracking parameters
(``cms.tracking``): a shared link whose every click carries a new ``fbclid`` is
still served from the cache.

Never cached: requests carrying a session cookie or an Authorization header (editors
and anyone logged in, whose pages show the Wagtail user bar), anything but GET, the
admin with its previews and drafts, search and every other non-page view, redirects,
errors and 404s (a redirect added in the admin must take effect at once).

Every response says what happened in ``X-Page-Cache``: ``hit``, ``miss`` (rendered and
stored) or ``bypass`` (not cacheable). Purging lives in ``cms.signals``.

wagtail-cache was evaluated first: its 3.0.0 release requires ``wagtail<8.0``, so it
cannot be installed beside Wagtail 8 without overriding the dependency resolver.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import cc_delim_re

from cms.tracking import without_tracking

HEADER = "X-Page-Cache"
HIT, MISS, BYPASS = "hit", "miss", "bypass"

GENERATION_KEY = "page-cache:generation"
UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}
HARMLESS_VARY = {"cookie", "accept-encoding"}


def purge_page_cache():
    """Forget every cached page at once.

    Each stored page carries the generation token current when it was stored;
    replacing the token makes them all stale (they expire on their own), which works
    on every cache backend and leaves unrelated keys alone.
    """
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def page_key(request):
    """The cache key for this request's URL (scheme, host, path, query string without tracking) and day.

    The day because a page can change at midnight with nothing published: a medical
    review falls due.
    """
    url = f"{request.build_absolute_uri(request.path)}?{without_tracking(request.GET).urlencode()}"
    day = timezone.localdate().isoformat()
    return "page-cache:" + hashlib.sha256(f"{day} {url}".encode()).hexdigest()


def content_generation():
    """The token ``purge_page_cache`` replaces: it names the current state of the site's content."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def lookup(key):
    """The current generation and the response stored under ``key`` if still fresh, in one round trip."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY) or content_generation()
    stored_generation, response = found.get(key) or (None, None)
    return generation, response if stored_generation == generation else None


def is_cacheable_request(request):
    """An anonymous GET: no session cookie, no credentials."""
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_storable(request, response):
    """A public Wagtail page that is the same for every anonymous visitor."""
    match = request.resolver_match
    return (
        match is not None
        and match.url_name == "wagtail_serve"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not getattr(request, "is_preview", False)
        # django-csp's lazy nonce is true once a template has asked for it.
        and not getattr(request, "csp_nonce", None)
        and not header_tokens(response, "Cache-Control") & UNCACHEABLE_DIRECTIVES
        and header_tokens(response, "Vary") <= HARMLESS_VARY
    )


def header_tokens(response, name):
    """The lower-cased names in a comma-separated header, without values: ``max-age=60`` → ``max-age``."""
    items = cc_delim_re.split(response.get(name, ""))
    return {item.split("=")[0].strip().lower() for item in items if item.strip()}


class PageCacheMiddleware:
    """Serve anonymous page views from the cache; store the ones that may be shared.

    Place it after WhiteNoise and before SessionMiddleware, so a hit skips every
    middleware that could reach the database, and before the CSP middleware, so a hit
    carries the stored policy instead of building it again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.mark(self.get_response(request), BYPASS)
        key = page_key(request)
        generation, cached = lookup(key)
        if cached is not None:
            return self.mark(cached, HIT)
        response = self.get_response(request)
        if not is_storable(request, response):
            return self.mark(response, BYPASS)
        # A purge since the lookup leaves this copy stale, as it should.
        cache.set(key, (generation, response), settings.PAGE_CACHE_TIMEOUT)
        return self.mark(response, MISS)

    @staticmethod
    def mark(response, status):
        response[HEADER] = status
        return response

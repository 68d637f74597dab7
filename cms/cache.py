"""Full-page cache for anonymous visitors, on Django's cache framework.

A page rendered by Wagtail for a visitor without a session is stored whole in the
``default`` cache (Redis when ``REDIS_URL`` is set, local memory otherwise) and served
again before sessions, authentication, the Wagtail site lookup or the page tree are
touched, so a repeat hit runs one query: the content generation's (below).

Stored: GET responses of Wagtail's page view (URL name ``wagtail_serve``) with status
200 that set no cookie, are not marked private or no-store, vary on nothing but
``Cookie`` (which is safe here: only cookie-less-session requests are cached, and a
page that reads the CSRF cookie sets it again, so it is never stored) and used no CSP
nonce (which must be new for every response). They are stored with their headers,
the Content-Security-Policy included, under their URL with only the query parameters
some page reads (``cms.page_parameters``): a shared link whose every click carries a
new ``fbclid``, or a request with a random cache-buster, is still served from the cache.

Never cached: requests carrying a session cookie or an Authorization header (editors
and anyone logged in, whose pages show the Wagtail user bar), anything but GET, the
admin with its previews and drafts, search and every other non-page view, redirects,
errors and 404s (a redirect added in the admin must take effect at once).

Purging: each stored page carries the content generation (``cms.models.ContentGeneration``)
current when its content was read, and is served only while that is still the
current one. Raising it (``purge_page_cache``, called by cms/signals.py) retires every
cached page and fragment at once. It is a row in the database, so a purge commits with
the change that caused it and reaches every worker and app server, whether the cache is
Redis, local memory, down or hanging; a hit costs one primary-key read for it.

The cache itself may fail: with Redis, cms/cache_outage.py gives up on it within a
fraction of a second and pages are rendered uncached until it answers again. A page
rendered without something because another part failed (an image the media storage
could not give, cms/render_failures.py) is served but not stored, and retires every
fragment, so it is whole again as soon as that part is back.

Every response says what happened in ``X-Page-Cache``: ``hit``, ``miss`` (rendered and
stored) or ``bypass`` (not cacheable).

wagtail-cache was evaluated first: its 3.0.0 release requires ``wagtail<8.0``, so it
cannot be installed beside Wagtail 8 without overriding the dependency resolver.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import cc_delim_re

from cms.models import ContentGeneration
from cms.page_parameters import page_query
from cms.render_failures import left_out_something, start_render

HEADER = "X-Page-Cache"
HIT, MISS, BYPASS = "hit", "miss", "bypass"

UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}
HARMLESS_VARY = {"cookie", "accept-encoding"}


def purge_page_cache(stored_parts=False):
    """Retire every cached page and page fragment, within the caller's database transaction;
    with ``stored_parts``, every stored page part too (cms/stored_parts.py).

    Stale entries are never deleted, only never served again: they expire on their own.
    """
    ContentGeneration.advance(shared=stored_parts)


def generation_tokens(request):
    """The content generation's ``(token, shared_token)`` as this request first read them,
    before it read any content.

    Read once per request, so a page cache lookup, the page's fragments and its stored
    parts agree. Read later than its content, a publish committed in between would have
    content read before it stored under the generation after it.
    """
    if not hasattr(request, "_content_generation"):
        request._content_generation = ContentGeneration.current_tokens()
    return request._content_generation


def content_generation(request):
    return generation_tokens(request)[0]


def shared_generation(request):
    return generation_tokens(request)[1]


def page_key(request):
    """The cache key for this request's URL (scheme, host, path, the parameters pages read) and day.

    The day because a page can change at midnight with nothing published: a medical
    review falls due.
    """
    url = f"{request.build_absolute_uri(request.path)}?{page_query(request.GET).urlencode()}"
    day = timezone.localdate().isoformat()
    return "page-cache:" + hashlib.sha256(f"{day} {url}".encode()).hexdigest()


def lookup(request, key):
    """The current generation and the response stored under ``key`` if stored under it."""
    generation = content_generation(request)
    stored_generation, response = cache.get(key) or (None, None)
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

    Place it after WhiteNoise and before SessionMiddleware, so a hit skips sessions,
    authentication and the page view, and before the CSP middleware, so a hit
    carries the stored policy instead of building it again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start_render()
        if not is_cacheable_request(request):
            return self.mark(self.render(request), BYPASS)
        key = page_key(request)
        generation, cached = lookup(request, key)
        if cached is not None:
            return self.mark(cached, HIT)
        response = self.render(request)
        if left_out_something() or not is_storable(request, response):
            return self.mark(response, BYPASS)
        # A purge since the lookup leaves this copy stale, as it should.
        cache.set(key, (generation, response), settings.PAGE_CACHE_TIMEOUT)
        return self.mark(response, MISS)

    def render(self, request):
        """The view's response; a render that left something out retires the fragments it stored."""
        response = self.get_response(request)
        if left_out_something():
            purge_page_cache()
        return response

    @staticmethod
    def mark(response, status):
        response[HEADER] = status
        return response

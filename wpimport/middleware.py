"""WordPress's ``?p=ID`` addresses, answered with the redirects the import recorded for them.

A WordPress site at the root of its domain answered ``/?p=12`` with post 12, and those
addresses live on in bookmarks, old emails and search engines. The import records a
permanent redirect from ``/?p=12`` to the post's new page (wpimport/importer.py), but
Wagtail's RedirectMiddleware only looks for a redirect when the page view answered 404,
and here ``/`` is the home page: it would answer 200 and the redirect would never be
used. The page cache, which keys pages on only the parameters some page reads, would
even serve the cached home page for it.

So this middleware, placed before the page cache, looks up a redirect for a request
whose query string has a numeric ``p`` before any page is rendered or served from the
cache. It uses Wagtail's own lookup, so a redirect for the request's site wins over one
for every site and one for another site is never used. A request without ``p`` costs
nothing (not one query); a ``p`` that is not a post ID (``?p=abc``, ``?p=``) or one
without a redirect passes through to whatever the path shows. Neither does the admin,
whose listings number their pages with ``?p=``: no old post lived there.
"""

import re

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.utils.encoding import escape_uri_path
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

from cms.admin_requests import admin_prefix

PARAMETER = "p"
#: WordPress post IDs are unsigned 64-bit integers: at most 20 digits.
POST_ID = re.compile(r"[0-9]{1,20}")


def post_id(request):
    """The WordPress post ID this GET or HEAD outside the admin asks for with ``?p=``, without leading zeros.

    None when it asks for none.
    """
    if request.method not in ("GET", "HEAD") or PARAMETER not in request.GET:
        return None
    if request.path.startswith(admin_prefix()):
        return None
    # The last value, as WordPress (PHP) reads a repeated parameter.
    value = request.GET.get(PARAMETER, "")
    return str(int(value)) if POST_ID.fullmatch(value) else None


def old_post_path(request, wp_id):
    """``path?p=ID`` as the Redirect model stores it: other parameters (``utm_source``...) left out."""
    return Redirect.normalise_path(
        f"{escape_uri_path(request.path)}?{PARAMETER}={wp_id}", decode_unicode=False
    )


class PostIdRedirectMiddleware:
    """Answers ``?p=ID`` with the redirect recorded for it, before a page or the page cache can."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wp_id = post_id(request)
        if wp_id is not None:
            redirect = get_redirect(request, old_post_path(request, wp_id))
            link = redirect.link if redirect is not None else None
            if link:
                response_class = (
                    HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
                )
                return response_class(link)
        return self.get_response(request)

"""Where a clinician's public profile is: the live team page's ``<slug>/``, or nowhere without one.

Review lines and JSON-LD name a reviewer by their profile; a site without a live,
public team page names them by name alone.

The team page's address is looked up once per content generation and site, then read
from the cache: every treatment and article page shows a reviewer or author, and the
lookup (the page and its view restrictions) would otherwise cost each render two
queries. Publishing, unpublishing or moving any page starts a new generation
(cms/signals.py), so an address is never used after it has changed; a cache that is
down only means the lookup is made again.
"""

from django.core.cache import cache

from cms.cache import content_generation
from cms.visibility import public

from .models import TeamPage

CACHE_PREFIX = "team-page"


def find_team_urls(request=None):
    """``{"url": ..., "full_url": ...}`` of the live, public team page, or {} without one."""
    page = public(TeamPage.objects.live()).first()
    if page is None:
        return {}
    return {"url": page.get_url(request), "full_url": page.get_full_url(request)}


def team_urls(request=None):
    """The team page's addresses for this request's site, from the cache when the content is unchanged."""
    if request is None:
        return find_team_urls()
    if not hasattr(request, "_team_urls"):
        key = f"{CACHE_PREFIX}:{content_generation(request)}:{request.build_absolute_uri('/')}"
        found = cache.get(key)
        if found is None:
            found = find_team_urls(request)
            cache.set(key, found)
        request._team_urls = found
    return request._team_urls


def profile_url(clinician, request=None, full=False):
    """The address of ``clinician``'s profile (absolute when ``full``), or "" without a team page.

    Staff authors have no profile.
    """
    slug = getattr(clinician, "slug", "")
    urls = team_urls(request) if slug else {}
    base = urls.get("full_url" if full else "url")
    return f"{base}{TeamPage.profile_path(slug)}" if base else ""

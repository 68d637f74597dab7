"""Page URLs from a page's ``url_path`` alone, as ``{% pageurl %}`` and ``{% fullpageurl %}`` give them.

For pages read as plain rows rather than ``Page`` models (cms/navigation.py): building a
model for each costs more than its URL. ``PageUrls`` takes the same decisions as
Wagtail's ``Page.get_url_parts``, ``get_url`` and ``get_full_url``, which no page type of
this project overrides (tests/cms/test_navigation.py checks both), with the site root
paths and the current site looked up once for all the pages. Wagtail's
internationalisation (``WAGTAIL_I18N_ENABLED``, a language prefix from the page's locale)
is off here and not followed.
"""

from django.urls import NoReverseMatch, reverse
from wagtail.coreutils import WAGTAIL_APPEND_SLASH
from wagtail.models import Site


class PageUrls:
    """The URLs of pages, by ``url_path``, for links on the page ``request`` shows (or none)."""

    def __init__(self, request=None):
        self.root_paths = site_root_paths(request)
        self.current_site = Site.find_for_request(request) if request is not None else None
        self.single_site = len({root.site_id for root in self.root_paths}) == 1

    def url(self, url_path):
        """``Page.get_url(request)``: the path on the current (or only) site, else the full URL."""
        parts = self.parts(url_path)
        if parts is None or parts[2] is None:
            return None
        site_id, root_url, path = parts
        on_this_site = self.current_site is not None and site_id == self.current_site.pk
        return path if on_this_site or self.single_site else root_url + path

    def full_url(self, url_path):
        """``Page.get_full_url(request)``: the URL with the site's scheme and host."""
        parts = self.parts(url_path)
        if parts is None or parts[2] is None:
            return None
        return parts[1] + parts[2]

    def parts(self, url_path):
        """``(site id, root URL, path)``; None outside every site, ``(site id, None, None)`` if unroutable."""
        roots = [root for root in self.root_paths if url_path.startswith(root.root_path)]
        if not roots:
            return None
        root = roots[0]  # Site.get_site_root_paths() puts the likeliest first
        if self.current_site is not None and len({each.site_id for each in roots}) > 1:
            root = next((each for each in roots if each.site_id == self.current_site.pk), root)
        try:
            path = reverse("wagtail_serve", args=(url_path[len(root.root_path) :],))
        except NoReverseMatch:
            return (root.site_id, None, None)
        if not WAGTAIL_APPEND_SLASH and path != "/":
            path = path.rstrip("/")
        return (root.site_id, root.root_url, path)


def site_root_paths(request):
    """``Site.get_site_root_paths()``, kept on the request where ``Page.get_url`` keeps it too."""
    if request is None:
        return Site.get_site_root_paths()
    if not hasattr(request, "_wagtail_cached_site_root_paths"):
        request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
    return request._wagtail_cached_site_root_paths

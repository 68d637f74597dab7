"""``{% page_fragment "name" %}…{% endpage_fragment %}``: parts of a page rendered once, then reused.

The full-page cache (cms/cache.py) serves anonymous visitors whole pages. Every request
it cannot serve (anyone logged in, anyone with a session, a response it may not store)
is rendered by Django; this tag lets that render reuse the parts that are the same for
everyone: the head's metadata and the body around the user bar.

It is Wagtail's ``{% wagtailpagecache %}`` (keyed on the page and the site, never used
in previews), keyed also on everything the page cache is purged by, so a fragment is
never older than a cached page could be:

- the content generation (``cms.cache.content_generation``), replaced when any page is
  published, unpublished, moved or deleted and when snippets, settings, images or tags
  are edited (cms/signals.py); it is read before the page loads its content (a
  ``before_serve_page`` hook in cms/wagtail_hooks.py), so content read before a
  publish is never stored under the generation after it;
- the scheme and host asked for (Open Graph tags hold absolute URLs);
- today's date (a medical review falls due at midnight);
- the page's template (its AJAX template, if it had one, differs).

A fragment is stored only where the page alone decides what it shows: Wagtail's page
view drawing the page with its own template (not, say, its password form), not a
routable page's sub-route (tag listings, feeds), with none of the query parameters
the page reads (filters, pagination; ``cms.page_parameters``).
Anywhere else, and when ``FRAGMENT_CACHE_ENABLED`` is off, the tag renders its content
as if it were not there. Entries last ``PAGE_CACHE_TIMEOUT`` seconds.

Never put per-visitor content inside: the user bar, a CSRF token or a CSP nonce.
"""

from django import template
from django.conf import settings
from django.template import Variable
from django.utils import timezone
from wagtail.models import Page
from wagtail.templatetags.wagtail_cache import WagtailPageCacheNode

from cms.cache import content_generation
from cms.templatetags.clinic_tags import shows_sub_route

register = template.Library()

STATE_VAR = "page_fragment_state"
TIMEOUT_VAR = "page_fragment_timeout"


class PageFragmentNode(WagtailPageCacheNode):
    def __init__(self, nodelist, fragment_name, parser):
        super().__init__(
            nodelist,
            parser.compile_filter(TIMEOUT_VAR),
            fragment_name,
            vary_on=[Variable(STATE_VAR)],
            cache_name=None,
        )

    def render(self, context):
        request, template_name = context.get("request"), context.template.name
        if not (
            settings.FRAGMENT_CACHE_ENABLED and shows_page_alone(request, context.get("page"), template_name)
        ):
            return self.nodelist.render(context)
        state = {
            STATE_VAR: f"{fragment_state(request)}:{template_name}",
            TIMEOUT_VAR: settings.PAGE_CACHE_TIMEOUT,
        }
        with context.update(state):
            return super().render(context)


def shows_page_alone(request, page, template_name):
    """Whether this is Wagtail's view of ``page`` itself, drawn by its own template, with nothing in
    the URL to change what it shows.

    Its own template: Wagtail answers for a page with others too (its password form, which
    holds a CSRF token, may be set to extend base.html).
    """
    match = getattr(request, "resolver_match", None)
    return (
        isinstance(page, Page)
        and match is not None
        and match.url_name == "wagtail_serve"
        and template_name == page.get_template(request)
        # Wagtail's page view shows a page only the parameters it reads (cms.page_parameters).
        and not request.GET
        and not shows_sub_route(request)
    )


def fragment_state(request):
    """What every fragment of this request is keyed on besides its page and site (worked out once)."""
    if not hasattr(request, "_page_fragment_state"):
        request._page_fragment_state = ":".join(
            (content_generation(request), request.build_absolute_uri("/"), timezone.localdate().isoformat())
        )
    return request._page_fragment_state


@register.tag
def page_fragment(parser, token):
    """``{% page_fragment "name" %}`` … ``{% endpage_fragment %}``; names are unique across templates."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes one argument: the fragment's name.")
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    return PageFragmentNode(nodelist, bits[1].strip("\"'"), parser)

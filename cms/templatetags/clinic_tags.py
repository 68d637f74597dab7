"""Template tags for the public site: navigation, breadcrumbs, JSON-LD, URLs."""

import html
import json
import re

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe
from wagtail.models import Page

from cms.jsonld import breadcrumb_list, medical_clinic
from cms.navigation import menu_and_ancestors
from cms.page_urls import PageUrls
from cms.seo import document_title

register = template.Library()

# Inside <script> the HTML parser only looks for "</script" and "<!--"; escaping these
# three characters as JSON unicode escapes keeps editor text from ever closing the element.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """``data`` as a ``<script type="application/ld+json">`` element, safe to embed.

    A list prints one element per document; empty documents print nothing.
    """
    documents = data if isinstance(data, list | tuple) else [data]
    return format_html_join(
        "\n",
        '<script type="application/ld+json">{}</script>',
        ((mark_safe(as_script_text(document)),) for document in documents if document),
    )


def as_script_text(document):
    """``document`` as JSON that cannot end a script element or open a comment in one."""
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)


@register.filter
def tel_href(phone):
    """A ``tel:`` link for a phone number as people write it: '020 7946 0000' -> 'tel:02079460000'."""
    return "tel:" + re.sub(r"[^\d+]", "", phone or "")


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """``url`` made absolute against the current request (needed by Open Graph)."""
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


@register.simple_tag(takes_context=True)
def canonical_url(context, page):
    """The page's canonical URL: the one SEO staff set, else its own full URL."""
    return page.get_canonical_url(context.get("request"))


@register.tag("document_title")
def document_title_tag(parser, token):
    """``{% document_title page clinic_name %}{% block title %}…{% endblock %}{% enddocument_title %}``

    Prints ``cms.seo.document_title`` for what the enclosed block renders. When that is
    the page's own headline (its SEO title, else its title: the block's default
    content) the page's rules apply, so an SEO title is printed as it is. Anything
    else is a template's own headline ("Search", "Articles about migraine") and gets
    the clinic name after it.
    """
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a page and a clinic name.")
    nodelist = parser.parse(("enddocument_title",))
    parser.delete_first_token()
    return DocumentTitleNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist)


class DocumentTitleNode(template.Node):
    def __init__(self, page, clinic_name, nodelist):
        self.page, self.clinic_name, self.nodelist = page, clinic_name, nodelist

    def render(self, context):
        page = self.page.resolve(context)
        page = page if isinstance(page, Page) else None
        clinic_name = str(self.clinic_name.resolve(context) or "")
        headline = html.unescape(self.nodelist.render(context)).strip()
        if page is not None and headline == (page.seo_title or page.title).strip():
            headline = None
        return escape(document_title(page, clinic_name, headline))


@register.simple_tag(takes_context=True)
def primary_nav(context):
    """The site home page's live, in-menu children, each marked ``current`` when it or a descendant is shown.

    Returns a list of dicts with ``title``, ``url`` and ``current`` ("page", "true" or "").
    Read with the breadcrumbs' pages in one query (cms/navigation.py).
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    page_path = getattr(page, "path", None)
    menu = menu_and_ancestors(request, page).menu
    urls = PageUrls(request)
    items = []
    for child in menu:
        current = ""
        if page_path and page_path.startswith(child.path):
            current = "page" if page.pk == child.pk and not shows_sub_route(request) else "true"
        items.append({"title": child.title, "url": urls.url(child.url_path), "current": current})
    return items


def shows_sub_route(request):
    """Whether a routable page is showing one of its sub-routes (a tag listing, a feed), not itself."""
    match = getattr(request, "routable_resolver_match", None)
    return match is not None and match.route != ""


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """The trail from the home page down to ``page`` (Wagtail's root is skipped), with its JSON-LD.

    Its ancestors are read with the primary navigation's pages in one query (cms/navigation.py).
    """
    request = context.get("request")
    ancestors = menu_and_ancestors(request, page).ancestors
    if not ancestors:
        return {"trail": []}
    urls = PageUrls(request)
    trail = [
        {"title": crumb.title, "url": urls.url(crumb.url_path), "full_url": urls.full_url(crumb.url_path)}
        for crumb in [*ancestors, page]
    ]
    return {"trail": trail, "structured_data": breadcrumb_list(trail)}


@register.simple_tag(takes_context=True)
def medical_clinic_json_ld(context):
    """The clinic as ``MedicalClinic`` JSON-LD, from the clinic settings of the current site."""
    request = context.get("request")
    page = context.get("page")
    clinic = context["settings"]["cms"]["ClinicSettings"]
    url = page.get_full_url(request) if page else ""
    return json_ld(medical_clinic(clinic, url))


@register.simple_tag(takes_context=True)
def query_url(context, **changes):
    """The current URL with some query parameters changed; a blank value removes the parameter.

    Used by filter links, so choosing a condition keeps the chosen category and vice versa.
    On a page, ``request.GET`` holds only the parameters the page reads (cms.page_parameters),
    so a campaign's tracking parameters never reach the links.
    """
    request = context["request"]
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value:
            query[key] = value
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path

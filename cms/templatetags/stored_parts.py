"""``{% stored_part "name" %}…{% endstored_part %}``: a part of a page rendered once, kept in the database.

What a page shows of its own published content (its body, table of contents, medical
review line, JSON-LD) is the same on every view until something it shows changes. This
tag renders its content the first time, stores the HTML (``cms.models.StoredPart``) and
serves it on later views, including with every cache off or Redis down: the database
holds it beside the content. A publish does not retire it unless the publish can show
on other pages.

A stored part is served only while its version holds:

- the page's own publish: its live revision, when it was last published and its
  ``url_path`` (a move, or a parent's new slug), read from the very row the part was
  rendered from, so a publish committed while the page rendered never passes for the
  new one; any save of a page also deletes its parts (cms/signals.py);
- the content generation's shared token (``cms.models.ContentGeneration``), replaced by
  every change that can reach beyond one page: snippets, images, settings, tags, sites,
  view restrictions, and any page published with a new title, slug, place or live state,
  unpublished, moved or deleted (cms/signals.py). It is read before routing loads the
  page (cms/routing.py), so content read before such a change is never stored under
  the token after it;
- today's date: a medical review falls due at midnight.

and for the site address and language it was rendered for. So a part may show anything
of its own page, and of other pages only their title, address and whether they are
live. Never put inside one what depends on other pages' content or on queries over
them (listings, related articles, navigation, breadcrumbs) or on the visitor (the
user bar, a CSRF token, a CSP nonce).

Parts are used only where ``page_fragment`` would be (Wagtail's view of the live page,
drawn by its own template, nothing in the URL to change it), never in a preview, never
for an alias, and not stored from a render that left something out because a part of
the site failed. A part that cannot be stored (the database refuses the write) is
served as rendered and tried again on the next view.
"""

import logging

from django import template
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cms.cache import shared_generation
from cms.models import StoredPart
from cms.render_failures import left_out_something
from cms.templatetags.page_fragments import shows_page_alone

logger = logging.getLogger(__name__)
register = template.Library()

PARTS_SQL = "SELECT name, version, html FROM {table} WHERE page_id = %s AND variant = %s"


class StoredPartNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        request, page = context.get("request"), context.get("page")
        if not may_store_parts(request, page, context.template.name):
            return self.nodelist.render(context)
        version = part_version(request, page)
        stored = stored_parts(request, page).get(self.name)
        if stored is not None and stored[0] == version:
            return mark_safe(stored[1])  # rendered by this node's own templates
        html = self.nodelist.render(context)
        if not left_out_something():
            store_part(page, self.name, part_variant(request), version, html)
        return html


def may_store_parts(request, page, template_name):
    return (
        settings.STORED_PARTS_ENABLED
        and shows_page_alone(request, page, template_name)
        and not getattr(request, "is_preview", False)
        and page.live
        and not page.alias_of_id
    )


def part_variant(request):
    """What else a part's HTML depends on: the site's address (absolute URLs) and the language."""
    return f"{request.build_absolute_uri('/')} {get_language()}"


def part_version(request, page):
    """What the stored HTML is served while: see the module."""
    published = page.last_published_at.isoformat() if page.last_published_at else ""
    day = timezone.localdate().isoformat()
    return f"{shared_generation(request)} {page.live_revision_id} {published} {page.url_path} {day}"


def stored_parts(request, page):
    """``{name: (version, html)}`` of the page's parts for this request's variant, in one query."""
    if getattr(page, "_stored_parts", None) is None:
        table = connection.ops.quote_name(StoredPart._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(PARTS_SQL.format(table=table), [page.pk, part_variant(request)])
            page._stored_parts = {name: (version, html) for name, version, html in cursor.fetchall()}
    return page._stored_parts


def store_part(page, name, variant, version, html):
    part = StoredPart(page_id=page.pk, name=name, variant=variant, version=version, html=str(html))
    try:
        with transaction.atomic():
            StoredPart.objects.bulk_create(
                [part],
                update_conflicts=True,
                unique_fields=["page", "name", "variant"],
                update_fields=["version", "html", "stored_at"],
            )
    except DatabaseError:
        logger.warning(
            "Could not store the %s part of page %s; served as rendered", name, page.pk, exc_info=True
        )


@register.tag
def stored_part(parser, token):
    """``{% stored_part "name" %}`` … ``{% endstored_part %}``; a name is unique within a page's templates."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one quoted name")
    nodelist = parser.parse(("endstored_part",))
    parser.delete_first_token()
    return StoredPartNode(nodelist, bits[1][1:-1])

"""Stored page parts: a part of a page rendered once, kept in the database (``{% stored_part %}``).

What a page shows of its own published content (its body, table of contents, medical
review line, JSON-LD), of the site's settings and of other pages' titles and addresses
(the header's navigation, the breadcrumbs, the footer) is the same on every view until
something it shows changes. The ``{% stored_part "name" %}`` tag
(cms/templatetags/stored_parts.py) renders its content the first time; the HTML is
stored (``cms.models.StoredPart``) and served on later views, including with every
cache off or Redis down: the database holds it beside the content. A publish does not
retire it unless the publish can show on other pages.

A stored part is served only while its version holds:

- the page's own publish: its live revision, when it was last published and its
  ``url_path`` (a move, or a parent's new slug), read from the very row the part was
  rendered from, so a publish committed while the page rendered never passes for the
  new one; any save of a page also deletes its parts (cms/signals.py);
- the content generation's shared token (``cms.models.ContentGeneration``), replaced by
  every change that can reach beyond one page: snippets, images, settings, tags, sites,
  view restrictions, and any page published with a new title, slug, place, live state
  or place in the menu, unpublished, moved or deleted (cms/signals.py). It is read
  before routing loads the page (cms/routing.py), so content read before such a change
  is never stored under the token after it;
- today's date: a medical review falls due at midnight;
- for a part that lists other pages and shows their content (cards, related articles,
  the treatments an article names), the listing's version (``listing_version``):
  which pages it lists, in which order, each with its live revision and last publish,
  read afresh on every view by one small query.

and for the site address and language it was rendered for. So a part may show anything
of its own page and of snippets, images, settings and tags; of other pages, their
title, address, place in the tree and whether they are live and in the menu; and more
of other pages only through a listing version that names them. Never put inside one
anything per visitor (the user bar, a CSRF token, a CSP nonce).

Parts are used only where ``page_fragment`` would be (Wagtail's view of the live page,
drawn by its own template, nothing in the URL to change it), never in a preview, never
for an alias, and not stored from a render that left something out because a part of
the site failed. The parts a render made are stored together once the response is
rendered (``StoredPartsMiddleware``), in one statement; if the database refuses the
write, the page is served as rendered and the next view tries again.
"""

import hashlib
import logging

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import get_language

from cms.cache import shared_generation
from cms.models import StoredPart
from cms.render_failures import left_out_something
from cms.templatetags.page_fragments import shows_page_alone

logger = logging.getLogger(__name__)

PARTS_SQL = "SELECT name, version, html FROM {table} WHERE page_id = %s AND variant = %s"


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


def part_version(request, page, listing=""):
    """What the stored HTML is served while (see the module), as a digest of fixed length:
    a listing's version can be long."""
    published = page.last_published_at.isoformat() if page.last_published_at else ""
    day = timezone.localdate().isoformat()
    own = f"{page.live_revision_id} {published} {page.url_path}"
    return hashlib.sha256(f"{shared_generation(request)} {own} {day} {listing}".encode()).hexdigest()


def listing_version(rows):
    """The version a listing adds to its part: each listed page's id, live revision and
    last publish, in the listing's order (``rows`` of those three).

    With it, a part may list other pages and show their own content: a listed page's
    new copy, a page joining, leaving or moving in the listing, each changes it.
    """
    return ",".join(f"{pk}:{revision}:{published}" for pk, revision, published in rows)


def stored_parts(request, page):
    """``{name: (version, html)}`` of the page's parts for this request's variant, in one query."""
    if getattr(page, "_stored_parts", None) is None:
        table = connection.ops.quote_name(StoredPart._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(PARTS_SQL.format(table=table), [page.pk, part_variant(request)])
            page._stored_parts = {name: (version, html) for name, version, html in cursor.fetchall()}
    return page._stored_parts


def keep_for_storing(request, page, name, version, html):
    """Note a part rendered by this request, stored with the others once the response is rendered."""
    if not hasattr(request, "_parts_to_store"):
        request._parts_to_store = []
    request._parts_to_store.append(
        StoredPart(page_id=page.pk, name=name, variant=part_variant(request), version=version, html=str(html))
    )


def store_parts(request):
    """Store the parts this request rendered, unless its render left something out."""
    parts = getattr(request, "_parts_to_store", None)
    if not parts or left_out_something():
        return
    try:
        with transaction.atomic():
            StoredPart.objects.bulk_create(
                parts,
                update_conflicts=True,
                unique_fields=["page", "name", "variant"],
                update_fields=["version", "html", "stored_at"],
            )
    except DatabaseError:
        logger.warning("Could not store %d page parts; served as rendered", len(parts), exc_info=True)


class StoredPartsMiddleware:
    """Stores the parts a page's render made, in one statement, after the response is rendered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        store_parts(request)
        return response

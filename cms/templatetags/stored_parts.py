"""``{% stored_part "name" %}…{% endstored_part %}``: a part of a page rendered once, kept in the database.

See cms/stored_parts.py for what a part may show and what retires it.
"""

from django import template
from django.utils.safestring import mark_safe

from cms.stored_parts import keep_for_storing, may_store_parts, part_version, stored_parts

register = template.Library()


class StoredPartNode(template.Node):
    def __init__(self, nodelist, name, listing):
        self.nodelist = nodelist
        self.name = name
        self.listing = listing

    def render(self, context):
        request, page = context.get("request"), context.get("page")
        if not may_store_parts(request, page, context.template.name):
            return self.nodelist.render(context)
        version = part_version(request, page, self.listing.resolve(context) if self.listing else "")
        stored = stored_parts(request, page).get(self.name)
        if stored is not None and stored[0] == version:
            return mark_safe(stored[1])  # rendered by this node's own templates
        html = self.nodelist.render(context)
        keep_for_storing(request, page, self.name, version, html)
        return html


@register.tag
def stored_part(parser, token):
    """``{% stored_part "name" [listing] %}`` … ``{% endstored_part %}``.

    A name is unique within a page's templates. ``listing``, for a part that lists other
    pages, is the listing's version (``cms.stored_parts.listing_version``): which pages,
    in which order, as published.
    """
    bits = token.split_contents()
    if len(bits) not in (2, 3) or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a quoted name and, for a listing, its version")
    nodelist = parser.parse(("endstored_part",))
    parser.delete_first_token()
    listing = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return StoredPartNode(nodelist, bits[1][1:-1], listing)

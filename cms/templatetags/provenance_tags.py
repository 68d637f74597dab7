"""``{% publication_line page %}``: "First published … · Updated …" from the page's publishing record."""

from django import template

from cms.provenance import publication_dates

register = template.Library()


@register.inclusion_tag("components/provenance_line.html")
def publication_line(page, first_published=None):
    """The line for ``page``; ``first_published`` for a page type with its own publication date."""
    first, updated = publication_dates(page, first_published)
    return {"first_published": first, "updated": updated}

"""Pages anyone may see: outside every view-restricted section, tested inside the listing's own query.

Wagtail's ``PageQuerySet.public()`` first reads every view restriction (a query of its
own), then excludes each restricted section by path through the ORM: one more query
for every listing on a page, and SQL that grows with the number of restrictions.
``public`` asks the database instead, in the same statement: a page is hidden when a
restriction's page is the page itself or one of its ancestors, that is when the
restricted page's tree path starts the page's own. The subquery finds the page's row
by the queryset's primary key, so it holds for ``Page`` and for every page type,
whichever of their tables the rest of the query reads.
"""

from django.db import connections
from django.db.models import BooleanField, F, Func
from wagtail.models import Page, PageViewRestriction

# Table and column names from the models; nothing here comes from a request.
OUTSIDE_RESTRICTED_SECTIONS = (
    "NOT EXISTS (SELECT 1 FROM {restrictions} r "
    "JOIN {pages} restricted ON restricted.id = r.page_id "
    "JOIN {pages} page ON page.id = {page_id} "
    "WHERE substr(page.path, 1, length(restricted.path)) = restricted.path)"
)


def outside_restricted_sections_sql(page_id_sql, connection):
    """SQL true where the page whose id is ``page_id_sql`` (a column) is in no view-restricted section."""
    quote = connection.ops.quote_name
    return OUTSIDE_RESTRICTED_SECTIONS.format(
        restrictions=quote(PageViewRestriction._meta.db_table),
        pages=quote(Page._meta.db_table),
        page_id=page_id_sql,
    )


def public(queryset):
    """``queryset`` (of pages) without the pages a view restriction hides, as Wagtail's ``public()``."""
    sql = outside_restricted_sections_sql("%(expressions)s", connections[queryset.db])
    # The key as an expression, not as text: Django renames a queryset's tables where it
    # becomes a subquery of another (``pk__in=``), and the condition must follow.
    return queryset.filter(Func(F("pk"), template=sql, output_field=BooleanField()))

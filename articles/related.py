"""Which articles a treatment page lists as related, ranked in one plain-SQL statement.

Those naming the treatment come first, then those sharing most of its tags, newest first
within each; only live articles that no view restriction (on them or an ancestor) hides.
Written as SQL text because the ORM's version (the links, the tags shared, a public()
check loading every restriction, then the candidates) took four queries and several
milliseconds of Django's query building a render, several times what running it costs.
The tables are Django's and Wagtail's, named from their models; only ids and the limit
are parameters.
"""

from django.db import connection
from django.db.models import QuerySet
from wagtail.models import Page

from cms.visibility import outside_restricted_sections_sql

RELATED_SQL = """
SELECT link.article_id, p.live_revision_id, p.last_published_at
FROM (
    SELECT {names}.articlepage_id AS article_id, 1 AS names_it
    FROM {names} WHERE {names}.treatmentpage_id = %s
    UNION ALL
    SELECT {article_tags}.content_object_id, 0
    FROM {article_tags} WHERE {article_tags}.tag_id IN ({tag_ids})
) AS link
JOIN {articles} a ON a.page_ptr_id = link.article_id
JOIN {pages} p ON p.id = a.page_ptr_id
WHERE p.live AND {public}
GROUP BY link.article_id, a.date, p.live_revision_id, p.last_published_at
ORDER BY MAX(link.names_it) DESC, SUM(1 - link.names_it) DESC, a.date DESC, link.article_id DESC
LIMIT %s
"""


def related_article_ids(treatment, limit):
    """The ids of up to ``limit`` articles for ``treatment``'s page, best first (see the module)."""
    return [article_id for article_id, _revision, _published in related_article_rows(treatment, limit)]


def related_article_rows(treatment, limit):
    """``(id, live revision, last published)`` of those articles, as ``cms.stored_parts.listing_version``
    takes them.

    Works on a saved treatment, whose tags are a subquery, and on a preview, whose tags
    are held in memory.
    """
    from .models import ArticlePage, ArticlePageTag  # this module is imported by the models

    quote = connection.ops.quote_name
    tag_ids = treatment.tagged_items.values_list("tag_id", flat=True)
    if isinstance(tag_ids, QuerySet):
        tag_ids_sql, tag_ids = tag_ids.query.sql_with_params()
    else:
        tag_ids_sql = ", ".join(["%s"] * len(tag_ids)) or "NULL"
    sql = RELATED_SQL.format(
        names=quote(ArticlePage.related_treatments.through._meta.db_table),
        article_tags=quote(ArticlePageTag._meta.db_table),
        articles=quote(ArticlePage._meta.db_table),
        pages=quote(Page._meta.db_table),
        public=outside_restricted_sections_sql("p.id", connection),
        tag_ids=tag_ids_sql,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [treatment.pk, *tag_ids, limit])
        return cursor.fetchall()

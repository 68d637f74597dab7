"""One statement for a page of ranked results, their number and their facet counts.

``RankedResultsMixin.faceted`` builds it: a common table expression ``matches``
holds each match's primary key and score, computed once; each section below it
reads ``matches`` and yields rows ``(label, key, value)``: ``("hit", pk, score)``,
``("count", None, n)`` and ``("facet:<name>", value, n)``.
"""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class FacetedSlice:
    """A slice of search results with their number and facet counts ({name: Counter})."""

    hits: list
    count: int = 0
    facets: dict = field(default_factory=dict)


def pks_sql(queryset):
    """SQL and params selecting the primary keys of ``queryset``, for ``pk IN (...)``."""
    return queryset.order_by().values("pk").query.sql_with_params()


class FacetedStatement:
    """The sections of the statement; ``filters`` is {name: queryset, or None for none}."""

    def __init__(self, connection, filters):
        self.connection = connection
        self.conditions = {name: pks_sql(qs) for name, qs in filters.items() if qs is not None}
        self.sections = []

    def where(self, unless=None, joined=None):
        """A WHERE clause keeping the matches that pass every filter but ``unless``."""
        kept = [condition for name, condition in self.conditions.items() if name != unless]
        clauses = [joined] if joined else []
        clauses += [f"matches.pk IN ({condition_sql})" for condition_sql, _params in kept]
        params = [param for _sql, condition_params in kept for param in condition_params]
        return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params

    def add_hits(self, start, stop):
        where_sql, params = self.where()
        limit = self.connection.ops.limit_offset_sql(start, stop)
        self.sections.append(
            (
                "SELECT %s, hits.pk, hits.score FROM (SELECT matches.pk, matches.score FROM matches "  # noqa: S608
                f"{where_sql} ORDER BY matches.score DESC, matches.pk DESC {limit}) AS hits",
                ["hit", *params],
            )
        )

    def add_count(self):
        where_sql, params = self.where()
        self.sections.append((f"SELECT %s, NULL, COUNT(*) FROM matches {where_sql}", ["count", *params]))  # noqa: S608

    def add_facet(self, name, pairs):
        """Count the matches per value of ``pairs``, a queryset of ``facet_pk, facet_value`` rows."""
        where_sql, params = self.where(unless=name, joined="facet.facet_pk = matches.pk")
        pairs_sql, pairs_params = pairs.order_by().query.sql_with_params()
        self.sections.append(
            (
                # CROSS JOIN keeps SQLite to one pass over the matches, looking up the
                # values of each; PostgreSQL plans it as any other join.
                f"SELECT %s, facet.facet_value, COUNT(*) FROM matches CROSS JOIN ({pairs_sql}) AS facet "  # noqa: S608
                f"{where_sql} GROUP BY facet.facet_value",
                [f"facet:{name}", *pairs_params, *params],
            )
        )

    def rows(self, scored_sql, scored_params, queryset):
        """Run the statement; ``matches`` are the scored rows (``pk, score``) of ``queryset``'s objects."""
        allowed_sql, allowed_params = pks_sql(queryset)
        # matches is read by every section, so SQLite (3.35+) and PostgreSQL compute it once.
        sql = (
            f"WITH matches AS (SELECT scored.pk, scored.score FROM ({scored_sql}) AS scored "  # noqa: S608
            f"WHERE scored.pk IN ({allowed_sql})) "
            + " UNION ALL ".join(section_sql for section_sql, _params in self.sections)
        )
        section_params = [param for _sql, params in self.sections for param in params]
        params = [*scored_params, *allowed_params, *section_params]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def read_rows(rows, facet_names):
    """``(scores {pk: score} best first, count, facets {name: Counter})`` from the statement's rows."""
    scores, count, facets = {}, 0, {name: Counter() for name in facet_names}
    for label, key, value in rows:
        if label == "hit":
            scores[key] = float(value)
        elif label == "count":
            count = int(value)
        else:
            facets[label.removeprefix("facet:")][key] += int(value)
    return scores, count, facets

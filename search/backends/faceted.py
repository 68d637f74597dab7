"""One statement for a page of ranked results, their number and their facet counts.

``RankedResultsMixin.faceted`` builds it: a common table expression ``matches``
holds each match's primary key, content type and score, computed once, and
``match_groups`` counts the matches by the columns the facets read (content type, tags'
ids) and by whether they pass each filter: a few dozen rows. Each section below yields
rows ``(label, key, value)``: ``("hit", pk, score)`` from ``matches``, ``("count", None,
n)`` and ``("facet:<name>", value, n)`` from ``match_groups`` (or, for values joined to
each match, from ``matches``). The count and the facets by column read those few
groups, not the thousands of matches of a common word again.
Each filter is tested once per match, in ``matches`` itself, and the sections read its
result as a column, so a tag filter's list of tagged pages (read from the tags' own
tables, ``search.tagged.tagged_pks``) is built once per statement rather than once per
section that reads it.
Filters and facets by content type read the matches' own column (the index entry's),
with no join. Where the matches carry their pages' tags (``TAG_IDS``, on PostgreSQL),
the tag counts group the matches by their set of tags and add up each set's count for
each tag in it: a few dozen sets instead of a join of every match to the tags.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import F


@dataclass
class FacetedSlice:
    """A slice of search results with their number and facet counts ({name: Counter})."""

    hits: list
    count: int = 0
    facets: dict = field(default_factory=dict)


#: How conditions name the match they test: ``found.pk``, ``found.content_type_id``.
FOUND = "found"
#: The matches counted by the columns the facets read and by which filters they pass.
GROUPS = "match_groups"
#: A match's column holding its page's tags' ids (an array), where the backend provides it.
TAG_IDS = "tag_ids"


@dataclass(frozen=True)
class Condition:
    """A condition on a match (``found``), as SQL and params: a filter of ``faceted``."""

    sql: str
    params: tuple = ()


@dataclass(frozen=True)
class FacetSource:
    """Where a facet's values come from: an SQL value, joined to each match if need be."""

    value: str
    join: str = ""
    joined_on: str = ""
    params: tuple = ()


@dataclass(frozen=True)
class ColumnFacetSource:
    """Where a facet's values come from: a column of the matches (say, their content type)."""

    column: str


@dataclass(frozen=True)
class ArrayFacetSource:
    """Where a facet's values come from: an array column of the matches, each element a value."""

    column: str


def pks_sql(queryset):
    """SQL and params selecting the primary keys of ``queryset``, for ``pk IN (...)``."""
    return queryset.order_by().values("pk").query.sql_with_params()


def in_queryset(column, queryset):
    """SQL and params keeping the rows whose ``column`` is a primary key of ``queryset``.

    Written as a condition ("IS TRUE"), not a bare IN, so that PostgreSQL hashes the
    queryset's keys once instead of turning the IN into a join: it cannot estimate how
    many entries a tsquery matches, guesses 100, and would look each match up among
    the pages by index: for the thousands of matches of a common word that costs
    several times as much as hashing the keys once.
    PostgreSQL hashes them while the hash fits in ``work_mem`` times
    ``hash_mem_multiplier`` (about 250,000 pages with the default 4 MB and 2), and past
    that checks each match against the whole list: far slower, but far past a clinic's
    site. SQLite runs any ``IN (SELECT ...)`` this way already, from a temporary index
    of the keys built once.
    """
    sql, params = pks_sql(queryset)
    return f"({column} IN ({sql})) IS TRUE", params


def among_values(*querysets):
    """Keep the matches whose primary key is a value of any of ``querysets`` (each of one column)."""
    parts = [queryset.order_by().query.sql_with_params() for queryset in querysets]
    sql = " UNION ALL ".join(part_sql for part_sql, _params in parts)
    params = tuple(param for _sql, part_params in parts for param in part_params)
    return Condition(f"({FOUND}.pk IN ({sql})) IS TRUE", params)


def of_content_types(content_type_ids, exclude=False):
    """Keep the matches of these content types (or, with ``exclude``, of any other)."""
    placeholders = ", ".join(["%s"] * len(content_type_ids))
    operator = "NOT IN" if exclude else "IN"
    return Condition(f"{FOUND}.content_type_id {operator} ({placeholders})", tuple(content_type_ids))


#: Count the matches by content type.
BY_CONTENT_TYPE = ColumnFacetSource("content_type_id")


def by_related(model, pk_field, value_field):
    """Count the matches by ``value_field`` of the ``model`` rows whose ``pk_field`` is theirs (say, tags)."""
    pairs = model.objects.order_by().values(facet_pk=F(pk_field), facet_value=F(value_field))
    sql, params = pairs.query.sql_with_params()
    # CROSS JOIN keeps SQLite to one pass over the matches, looking up the values of
    # each; PostgreSQL plans it as any other join.
    return FacetSource(
        "facet.facet_value", f"CROSS JOIN ({sql}) AS facet", "facet.facet_pk = matches.pk", params
    )


class FacetedStatement:
    """The sections of the statement; ``filters`` is {name: Condition, or None for none}."""

    def __init__(self, connection, filters):
        self.connection = connection
        kept = [(name, condition) for name, condition in filters.items() if condition is not None]
        # {name: (the column of matches holding whether a match passes, the condition)}
        self.filters = {name: (f"passes_{n}", condition) for n, (name, condition) in enumerate(kept)}
        self.sections = []
        #: Columns of the scored rows the sections read beyond pk, content type and score.
        self.columns = []
        #: Columns of matches by which ``match_groups`` counts them, beside whether they pass each filter.
        self.group_columns = []

    def filter_conditions(self):
        """The filters' conditions on a match (``FOUND``), as [(SQL, params)]."""
        return [(condition.sql, list(condition.params)) for _column, condition in self.filters.values()]

    def where(self, unless=None, joined_on="", table="matches"):
        """A WHERE clause keeping the rows of ``table`` that pass every filter but ``unless``."""
        clauses = [joined_on] if joined_on else []
        clauses += [f"{table}.{column}" for name, (column, _) in self.filters.items() if name != unless]
        return f"WHERE {' AND '.join(clauses)}" if clauses else ""

    def add_hits(self, start, stop):
        limit = self.connection.ops.limit_offset_sql(start, stop)
        self.sections.append(
            (
                "SELECT %s, hits.pk, hits.score FROM (SELECT matches.pk, matches.score FROM matches "  # noqa: S608
                f"{self.where()} ORDER BY matches.score DESC, matches.pk DESC {limit}) AS hits",
                ["hit"],
            )
        )

    def add_count(self):
        where_sql = self.where(table=GROUPS)
        sql = f"SELECT %s, NULL, COALESCE(SUM({GROUPS}.n), 0) FROM {GROUPS} {where_sql}"  # noqa: S608
        self.sections.append((sql, ["count"]))

    def add_facet(self, name, source):
        """Count the matches that pass every filter but ``name``'s, per value of ``source``."""
        if isinstance(source, ColumnFacetSource):
            self.add_grouped_facet(name, source.column, f"{GROUPS}.{source.column}")
            return
        if isinstance(source, ArrayFacetSource):
            if source.column not in self.columns:
                self.columns.append(source.column)
            unnest = f"CROSS JOIN unnest({GROUPS}.{source.column}) AS facet_value"
            self.add_grouped_facet(name, source.column, "facet_value", unnest)
            return
        where_sql = self.where(unless=name, joined_on=source.joined_on)
        sql = (
            f"SELECT %s, {source.value}, COUNT(*) FROM matches {source.join} "  # noqa: S608
            f"{where_sql} GROUP BY {source.value}"
        )
        self.sections.append((sql, [f"facet:{name}", *source.params]))

    def add_grouped_facet(self, name, column, value, join=""):
        """Add up ``match_groups``, grouped by ``column`` too, per ``value`` (the column, or a join of it)."""
        if column not in self.group_columns:
            self.group_columns.append(column)
        sql = (
            f"SELECT %s, {value}, SUM({GROUPS}.n) FROM {GROUPS} {join} "  # noqa: S608
            f"{self.where(unless=name, table=GROUPS)} GROUP BY {value}"
        )
        self.sections.append((sql, [f"facet:{name}"]))

    def rows(self, scored_sql, scored_params, allowed):
        """Run the statement; ``matches`` are the scored rows that pass ``allowed`` (SQL and params)."""
        allowed_sql, allowed_params = allowed
        columns = [f"{FOUND}.{name}" for name in ("pk", "content_type_id", "score", *self.columns)]
        columns += [f"{condition.sql} AS {column}" for column, condition in self.filters.values()]
        passes_params = [param for _column, condition in self.filters.values() for param in condition.params]
        keys = [*self.group_columns, *(column for column, _condition in self.filters.values())]
        grouped = f"SELECT {', '.join([*keys, 'COUNT(*) AS n'])} FROM matches"  # noqa: S608
        grouped += f" GROUP BY {', '.join(keys)}" if keys else ""
        # matches is read by the hits, match_groups and any joined facet, so SQLite (3.35+)
        # and PostgreSQL compute it once; the count and the other facets read the few groups.
        sql = (
            f"WITH matches AS (SELECT {', '.join(columns)} "  # noqa: S608
            f"FROM ({scored_sql}) AS {FOUND} WHERE {allowed_sql}), {GROUPS} AS ({grouped}) "
            + " UNION ALL ".join(section_sql for section_sql, _params in self.sections)
        )
        section_params = [param for _sql, params in self.sections for param in params]
        params = [*passes_params, *scored_params, *allowed_params, *section_params]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def read_rows(rows, facet_names):
    """``(scores {pk: score} best first, count, facets {name: Counter})`` from the statement's rows."""
    hits, count, facets = [], 0, {name: Counter() for name in facet_names}
    for label, key, value in rows:
        if label == "hit":
            hits.append((key, float(value)))
        elif label == "count":
            count = int(value)
        else:
            facets[label.removeprefix("facet:")][key] += int(value)
    # UNION ALL promises no order: sorted again as the hits section sorted them.
    scores = dict(sorted(hits, key=lambda hit: (-hit[1], -hit[0])))
    return scores, count, facets

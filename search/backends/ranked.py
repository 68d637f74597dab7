"""What the ranked database backends share: query parts, the ranked-path test, counts and facets.

Both ``RankedSQLiteSearchBackend`` and ``RankedPostgresSearchBackend`` find and rank
matches from the index entries first, then load only the requested page of objects
through the queryset; counts and facets narrow the queryset to the matches without
ranking them. Beside Wagtail's API, ``faceted`` answers a page of results, their
number and every facet in one statement over the matches, scored once (the site
search's path), where the separate calls would find the matches again for each count.
Queries Wagtail's stock path handles better (negated, match-all, restricted to
``fields``, on models without integer keys) keep that path.
"""

from django.db import connections
from django.db.models import Count, IntegerField
from modelsearch.backends.base import FilterFieldError
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or

from .faceted import FOUND, FacetedSlice, FacetedStatement, in_queryset, read_rows


def without_boosts(query):
    """``query`` with each ``Boost`` replaced by what it boosts: for matching, where weights mean nothing."""
    if isinstance(query, Boost):
        return without_boosts(query.subquery)
    if isinstance(query, (And, Or)):
        return rebuilt(query, [without_boosts(subquery) for subquery in query.subqueries])
    if isinstance(query, Not):
        return Not(without_boosts(query.subquery))
    return query


def scored_parts(query, weight=1.0):
    """The parts of an any-of query whose scores add up, each with its weight.

    ``Or([Boost(PlainText("shot"), 2), PlainText("jab")])`` has two parts, "shot"
    counting double. Anything other than ``Or`` and ``Boost`` is one part.
    """
    if isinstance(query, Boost):
        return scored_parts(query.subquery, weight * query.boost)
    if isinstance(query, Or):
        return [part for subquery in query.subqueries for part in scored_parts(subquery, weight)]
    return [(query, weight)]


class Alternatives(Or):
    """Several ways of saying one thing (a word's forms, its synonyms): a match scores as its best.

    Wagtail's ``Or`` scores the mean of its parts on PostgreSQL, so adding a synonym
    would halve what the visitor's own word counts against the query's other concepts,
    and a page using both ways would outscore one using the better alone. The
    PostgreSQL ranking takes the greatest instead (``RankSQL.rank``); every other
    backend reads it as the ``Or`` it is.
    """


class Concepts(Or):
    """Any of several concepts (say, a word and its synonyms), a match ranked first by how much it covers.

    The ranked database backends score a match ``covered + s / (1 + s)``: how many of
    the visitor's words the concepts it matches stand for, then its score ``s`` (at
    least 0) among matches covering as many (see ``covering``). ``sizes`` gives each
    concept's number of words: a phrase synonyms made one concept ("chemical peel")
    covers as much as its words would as concepts of their own. Every other backend
    reads it as the ``Or`` it is.
    """

    def __init__(self, subqueries, sizes=None):
        super().__init__(subqueries)
        self.sizes = tuple(sizes) if sizes is not None else (1,) * len(self.subqueries)


def concepts(query):
    """The concepts whose coverage ranks ``query``'s matches: a ``Concepts``'s subqueries, else ``query``."""
    return list(query.subqueries) if isinstance(query, Concepts) else [query]


def concept_sizes(query):
    """How many of the visitor's words each of ``concepts(query)`` stands for."""
    return list(query.sizes) if isinstance(query, Concepts) else [1]


def rebuilt(query, subqueries):
    """An ``And`` or ``Or`` like ``query`` (a ``Concepts`` keeping its sizes) of ``subqueries``."""
    return Concepts(subqueries, query.sizes) if isinstance(query, Concepts) else type(query)(subqueries)


def covering(covered_sql, score_sql):
    """SQL for ``covered + s / (1 + s)``, the score ``s`` written once (``s / (1 + s) = 1 - 1 / (1 + s)``)."""
    return f"({covered_sql} + 1.0 - 1.0 / (1.0 + {score_sql}))"


def below_top_tier(connection, pk_sql, top_tier, stop, conditions):
    """SQL and params: whether the match keyed ``pk_sql`` cannot be among the best ``stop`` results.

    ``top_tier`` (SQL and params) gives the rows (``pk``, content type, match columns)
    of the matches that cover every concept of the query; ``conditions`` ([(SQL,
    params)] on ``FOUND``) are what a match passes to be a result. A score
    ``covered + s / (1 + s)`` is below ``covered + 1``, so when at least ``stop`` of the
    top tier pass the conditions, the best ``stop`` results are all of that tier, and
    every other match may score 0, below them all, without computing its ``s``.
    Otherwise every match scores in full: the tiers below would take a count for each
    combination of concepts. Both subqueries run once per statement, from the GIN
    indexes; the tier's keys are hashed only when the tier is enough.
    """
    top_sql, top_params = top_tier
    where = " AND ".join(sql for sql, _params in conditions)
    condition_params = [param for _sql, params in conditions for param in params]
    sql = (
        f"((SELECT COUNT(*) FROM (SELECT 1 FROM ({top_sql}) AS {FOUND} "  # noqa: S608
        f"{f'WHERE {where} ' if where else ''}{connection.ops.limit_offset_sql(0, stop)}) AS counted) = %s "
        f"AND {pk_sql} NOT IN (SELECT {FOUND}.pk FROM ({top_sql}) AS {FOUND}))"
    )
    return sql, [*top_params, *condition_params, stop, *top_params]


def has_integer_pk(model):
    pk = model._meta.pk
    while pk.is_relation:  # e.g. a page type's link to Page
        pk = pk.target_field
    return isinstance(pk, IntegerField)


class RankedCompilerMixin:
    """The ranked path: ``ranked`` for a page of results, ``matching_queryset`` for counts and facets.

    Subclasses implement ``scored_matches_sql(config)``: SQL and params for a row
    ``(pk, content_type_id, score)`` for each match among the queryset's model (its
    index entry's content type), unordered, unfiltered, higher scores for better matches.
    """

    #: Candidates ranked in a first round beyond the results asked for, before
    #: keeping the queryset's: enough when few matches are filtered out.
    CANDIDATE_MARGIN = 20
    #: Widen the candidates fourfold up to this many, then filter inside the query.
    MAX_CANDIDATES = 1000

    def uses_ranked_path(self):
        parts = [without_boosts(part) for part, _weight in scored_parts(self.query)]
        supported = not any(isinstance(part, (MatchAll, Not, Fuzzy)) for part in parts)
        return supported and self.fields is None and has_integer_pk(self.queryset.model)

    def ranked(self, config, start, stop, score_field=None):
        """The matches from ``start`` to ``stop``, best first, loaded through the queryset.

        Ranks candidates from the index first and keeps those the queryset allows,
        so a page of results costs a handful of primary-key lookups rather than a
        pass over every page the queryset allows; filters that leave too few
        candidates widen the round, and past MAX_CANDIDATES the filter goes into
        the ranking query itself.
        """
        start = start or 0
        limit = None if stop is None else 2 * stop + self.CANDIDATE_MARGIN
        while limit is not None and limit <= self.MAX_CANDIDATES:
            candidates = self.rank(config, 0, limit, within_queryset=False)
            candidate_pks = [pk for pk, _score in candidates]
            allowed = set(self.queryset.filter(pk__in=candidate_pks).values_list("pk", flat=True))
            kept = [(pk, score) for pk, score in candidates if pk in allowed]
            if len(kept) >= stop or len(candidates) < limit:
                return self.ordered_objects(dict(kept[start:stop]), score_field)
            limit *= 4
        return self.ordered_objects(dict(self.rank(config, start, stop, within_queryset=True)), score_field)

    def rank(self, config, start, stop, within_queryset):
        """``[(pk, score)]`` from ``start`` to ``stop``, best first, from the index alone.

        Restricted to the queryset's own objects only when ``within_queryset``, which
        costs a pass over them.
        """
        conditions = [self.allowed_sql(FOUND)] if within_queryset else []
        sql, params = self.tiered_matches_sql(config, stop, conditions)
        where = ""
        if within_queryset:
            ((allowed_sql, allowed_params),) = conditions
            where, params = f"WHERE {allowed_sql}", [*params, *allowed_params]
        connection = connections[self.queryset.db]
        limit = connection.ops.limit_offset_sql(start, stop)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {FOUND}.pk, {FOUND}.score FROM ({sql}) AS {FOUND} {where} "  # noqa: S608
                f"ORDER BY {FOUND}.score DESC, {FOUND}.pk DESC {limit}",
                params,
            )
            return cursor.fetchall()

    def tiered_matches_sql(self, config, stop, conditions):
        """``scored_matches_sql`` for keeping the best ``stop`` matches that pass ``conditions``.

        A backend scoring by coverage may then score in full only the matches that can be
        among them (see ``below_top_tier``); this one scores every match.
        """
        return self.scored_matches_sql(config)

    def match_columns(self):
        """Columns of ``scored_matches_sql``'s rows beyond pk, content type and score."""
        return ()

    def allowed_sql(self, alias):
        """SQL and params keeping the scored rows (named ``alias``) of the queryset's objects."""
        return in_queryset(f"{alias}.pk", self.queryset)

    def ordered_objects(self, scores, score_field=None):
        """The queryset's objects for ``scores`` ({pk: score}, best first), in that order."""
        objects = {obj.pk: obj for obj in self.queryset.filter(pk__in=list(scores))}
        results = [objects[pk] for pk in scores if pk in objects]
        if score_field:
            for obj in results:
                setattr(obj, score_field, scores[obj.pk])
        return results


class RankedResultsMixin:
    """Counts and facets from the matches alone, without ranking them."""

    def _matches(self):
        compiler = self.query_compiler
        return compiler.matching_queryset(compiler.get_config(self.backend)).order_by()

    def _do_count(self):
        if not self.query_compiler.uses_ranked_path():
            return super()._do_count()
        return self._matches()[self.start : self.stop].count()

    def facet(self, field_name):
        if not self.query_compiler.uses_ranked_path():
            return super().facet(field_name)
        if self.query_compiler._get_filterable_field(field_name) is None:
            model = self.query_compiler.queryset.model.__name__
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". '
                f'Please add index.FilterField("{field_name}") to {model}.search_fields.',
                field_name=field_name,
            )
        counts = self._matches().values(field_name).annotate(count=Count("pk")).order_by("-count")
        return {row[field_name]: row["count"] for row in counts}

    def match_columns(self):
        """Columns the matches of ``faceted`` carry beyond pk, content type and score (say, ``TAG_IDS``)."""
        return self.query_compiler.match_columns()

    def can_count_in_one_pass(self):
        """Whether ``faceted`` can answer: the query takes the ranked path."""
        return self.query_compiler.uses_ranked_path()

    def faceted(self, start, stop, filters, facets):
        """Results ``start`` to ``stop``, how many there are and facet counts, in one statement.

        The query's matches among the searched queryset are scored once. ``filters``
        ({name: ``faceted.Condition``, or None for none}) keep some of them, as
        Elasticsearch's ``post_filter`` does; each facet ({name: [sources]}, each a
        ``faceted.ColumnFacetSource``, ``ArrayFacetSource`` or ``FacetSource``) counts the
        matches that pass every filter but its own, which is what choosing another value
        of it would give. A facet's sources' counts add up (say, one per model's tags).
        See ``search.backends.faceted`` for the statement.
        """
        compiler = self.query_compiler
        statement = FacetedStatement(connections[compiler.queryset.db], filters)
        statement.add_hits(start, stop)
        statement.add_count()
        for name, sources in facets.items():
            for source in sources:
                statement.add_facet(name, source)
        allowed = compiler.allowed_sql(FOUND)
        conditions = [allowed, *statement.filter_conditions()]
        scored = compiler.tiered_matches_sql(compiler.get_config(self.backend), stop, conditions)
        rows = statement.rows(*scored, allowed)
        scores, count, facet_counts = read_rows(rows, facets)
        return FacetedSlice(compiler.ordered_objects(scores), count, facet_counts)

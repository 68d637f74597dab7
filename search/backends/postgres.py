"""Wagtail's PostgreSQL backend, matching through the index's GIN indexes and ranking only the matches.

Wagtail's stock compiler joins every page to its index entry and tests
``title || body @@ query`` on each (the concatenation has no index), then ranks:
about 20 ms at 1,000 pages and ten times that at 10,000. Here the matches come
from the index entries first, ``title @@ query OR body @@ query`` (each column has
a GIN index), are cut to the queryset's pages (``object_id IN (subquery)``) and
ranked with Wagtail's own rank expression (``ts_rank`` of the title, weighted by
``title_norm``, plus that of the body; boosts applied); only the requested page of
objects is then loaded through the queryset.

Wagtail's compiler also warns that ``Boost`` is "not supported" when it builds the
``tsquery`` that selects matches, though it applies boosts when ranking; the
``tsquery`` is simply built from what is boosted.
"""

import operator
from functools import reduce

from django.contrib.postgres.search import CombinedSearchQuery, SearchQuery, SearchQueryField
from django.db.models import BooleanField, F, Func, IntegerField, Q
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.conf import get_app_config
from modelsearch.query import Boost
from modelsearch.utils import get_descendants_content_types_pks

from .ranked import RankedCompilerMixin, RankedResultsMixin

IndexEntry = get_app_config().get_model("IndexEntry", require_ready=False)


class EvaluatedOnce(Func):
    """A tsquery as a scalar subquery, which PostgreSQL computes once per statement.

    ``to_tsquery`` is only STABLE, so written inline in a filter or a ranking expression
    it parses and stems its words again for every row: at 10,000 pages that was a third
    of the time of a search for six words and synonyms.
    """

    template = "(SELECT %(expressions)s)"
    output_field = SearchQueryField()


class Matches(Func):
    """``vector @@ tsquery``, as a condition."""

    arg_joiner = " @@ "
    template = "%(expressions)s"
    output_field = BooleanField()


def evaluated_once(expression):
    """``expression`` with each tsquery in it made an ``EvaluatedOnce``."""
    if isinstance(expression, (SearchQuery, CombinedSearchQuery)):
        return EvaluatedOnce(expression)
    sources = expression.get_source_expressions() if hasattr(expression, "get_source_expressions") else []
    if not sources:  # a column, a value
        return expression
    expression = expression.copy()
    expression.set_source_expressions([evaluated_once(source) for source in sources])
    return expression


class RankedEntriesMixin(RankedCompilerMixin):
    #: The index entry's tsvector columns to match, and to rank with their weight.
    ENTRY_VECTORS = [(F("title"), F("title_norm")), (F("body"), 1.0)]

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, Boost):
            return self.build_tsquery_content(query.subquery, config=config, invert=invert)
        return super().build_tsquery_content(query, config=config, invert=invert)

    def matching_entries(self, config):
        """The index entries of the queryset's model that match the query (GIN index lookups)."""
        tsquery = evaluated_once(self.build_tsquery(self.query, config=config))
        matches = reduce(operator.or_, (Q(Matches(vector, tsquery)) for vector, _ in self.ENTRY_VECTORS))
        content_types = get_descendants_content_types_pks(self.queryset.model)
        return IndexEntry.objects.filter(matches, content_type_id__in=content_types)

    def matching_queryset(self, config):
        """The queryset narrowed to the matches, unordered: for counts and facets."""
        object_ids = self.matching_entries(config).values(object_pk=Cast("object_id", IntegerField()))
        return self.queryset.filter(pk__in=object_ids)

    def scored_matches_sql(self, config):
        entries = self.matching_entries(config).values(
            "content_type_id",
            object_pk=Cast("object_id", IntegerField()),
            score=evaluated_once(self._build_rank_expression(self.ENTRY_VECTORS, config)),
        )
        sql, params = entries.query.sql_with_params()
        return (
            f"SELECT entries.object_pk AS pk, entries.content_type_id, entries.score FROM ({sql}) AS entries",  # noqa: S608
            params,
        )

    def search(self, config, start, stop, score_field=None, backend=None):
        if self.order_by_relevance and self.uses_ranked_path():
            return self.ranked(config, start, stop, score_field)
        return super().search(config, start, stop, score_field=score_field, backend=backend)


class RankedPostgresSearchQueryCompiler(RankedEntriesMixin, PostgresSearchQueryCompiler):
    pass


class RankedPostgresAutocompleteQueryCompiler(RankedEntriesMixin, PostgresAutocompleteQueryCompiler):
    ENTRY_VECTORS = [(F("autocomplete"), 1.0)]


class RankedPostgresSearchResults(RankedResultsMixin, PostgresSearchResults):
    pass


class RankedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = RankedPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = RankedPostgresAutocompleteQueryCompiler
    results_class = RankedPostgresSearchResults

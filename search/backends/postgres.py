"""Wagtail's PostgreSQL backend, matching through the index's GIN indexes and ranking only the matches.

Wagtail's stock compiler joins every page to its index entry and tests
``title || body @@ query`` on each (the concatenation has no index), then ranks, so
every search costs a pass over every page of the site. Here the matches come
from the index entries first, ``title @@ query OR body @@ query`` (each column has
a GIN index), and are ranked with Wagtail's own formula (``ts_rank`` of the title,
weighted by ``title_norm``, plus that of the body; boosts applied), written as SQL
text (``RankSQL``) with each tsquery computed once per statement (``EvaluatedOnce``)
and each vector read from storage once per match for all its ``ts_rank`` calls
(``read_whole_once``); a title is ranked only where it matches, when the query's rank
is 0 wherever it does not (``scores_only_where_matched``); only the requested page of
objects is then loaded through the queryset. Two changes to that formula: ``ts_rank``
knows nothing of how rare a word is, so each word or phrase of a search is boosted by
BM25's inverse document frequency (``weighted_by_rarity``, from the ``search_word``
counts); and a query of several ``Concepts`` ranks first by how many an entry matches,
so that when enough matches cover every concept to fill the page of results, only
those are scored (``ranked.below_top_tier``).

Searches of pages read ``search_pageentry`` instead of Wagtail's index table: a narrow
copy of the pages' entries with each page's ``live`` flag and tags' ids, kept current
by triggers (migration search.0005). A queryset's ``live()`` filter is then a column
test rather than a lookup among the live pages, and the tag counts need no join
(``faceted.TAG_IDS``).

Wagtail's compiler also warns that ``Boost`` is "not supported" when it builds the
``tsquery`` that selects matches, though it applies boosts when ranking; the
``tsquery`` is simply built from what is boosted.
"""

import math
import operator
import re
import weakref
from functools import reduce

from django.contrib.postgres.search import SearchQueryField
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import BooleanField, F, Func, IntegerField, Q
from django.db.models.functions import Cast
from django.db.models.lookups import Exact
from django.db.models.sql.where import AND
from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.conf import get_app_config
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText
from modelsearch.utils import balanced_reduce, get_descendants_content_types_pks
from wagtail.models import Page

from .faceted import TAG_IDS, in_queryset
from .ranked import (
    Alternatives,
    RankedCompilerMixin,
    RankedResultsMixin,
    below_top_tier,
    concept_sizes,
    concepts,
    covering,
    rebuilt,
)

IndexEntry = get_app_config().get_model("IndexEntry", require_ready=False)
#: The pages' index entries with their live flag and tags (migration search.0005).
PAGE_ENTRIES_TABLE = "search_pageentry"
#: A term PostgreSQL's parser reads as one word, giving one lexeme (or none, for a stop word).
SINGLE_WORD = re.compile(r"[^\W_]+")

#: The number of index entries, for each ``search.vocabulary`` list of words read (one a generation).
_entry_totals = weakref.WeakKeyDictionary()


class EvaluatedOnce(Func):
    """A tsquery as a scalar subquery, which PostgreSQL computes once per statement.

    ``to_tsquery`` is only STABLE, so written inline in a filter or a ranking expression
    it parses and stems its words again for every row, and the planner cannot use it
    to look the matches up in the GIN indexes.
    """

    template = "(SELECT %(expressions)s)"
    output_field = SearchQueryField()


class Matches(Func):
    """``vector @@ tsquery``, as a condition."""

    arg_joiner = " @@ "
    template = "%(expressions)s"
    output_field = BooleanField()


class RankSQL:
    """Wagtail's PostgreSQL rank expression (its compiler's ``build_tsrank``), written as SQL text.

    The same formula with the same order of operations and the same parameters, so the
    same scores (tests/search/test_ranked_postgres.py); but Django resolves and compiles
    Wagtail's expression tree node by node, one ``ts_rank`` per column and part of the
    query: milliseconds of Python for each search of several words and synonyms, where
    joining SQL text costs a fraction of that. Each tsquery is compiled once, as an
    ``EvaluatedOnce``, and used for every column.
    """

    def __init__(self, compiler, config):
        self.compiler, self.config = compiler, config
        self.sql_compiler = IndexEntry.objects.all().query.get_compiler(compiler.queryset.db)
        self.tsqueries = {}

    def tsquery(self, query):
        """SQL and params computing ``query``'s tsquery once per statement."""
        if id(query) not in self.tsqueries:
            expression = EvaluatedOnce(self.compiler.build_tsquery(query, config=self.config))
            sql, params = self.sql_compiler.compile(expression.resolve_expression(self.sql_compiler.query))
            self.tsqueries[id(query)] = (sql, list(params))
        return self.tsqueries[id(query)]

    def score(self, vectors, query, sparse=()):
        """The rank of ``query`` in each of ``vectors`` ([(column, weight)]) times its weight, summed.

        The columns named in ``sparse`` (say, the title, which few matches match) are ranked
        only where they match, when ``scores_only_where_matched(query)``: elsewhere their
        rank is exactly 0 anyway. One ``@@`` costs about as much as one ``ts_rank`` call, so
        this pays for queries of several parts, whose rank takes one call per part.
        """
        skip_unmatched = ranked_leaves(query) > 1 and scores_only_where_matched(query)
        weighted = []
        for vector, weight in vectors:
            rank_sql, params = self.rank(vector.name, query)
            if isinstance(weight, F):
                rank_sql = f"({rank_sql} * entry.{weight.name})"
            else:
                rank_sql, params = f"({rank_sql} * %s)", [*params, weight]
            if skip_unmatched and vector.name in sparse:
                tsquery_sql, tsquery_params = self.tsquery(query)
                rank_sql = f"(CASE WHEN entry.{vector.name} @@ {tsquery_sql} THEN {rank_sql} ELSE 0 END)"
                params = [*tsquery_params, *params]
            weighted.append((rank_sql, params))
        return reduce(combined("+"), weighted)

    def rank(self, column, query, boost=1.0):
        if isinstance(query, (Phrase, PlainText, Not)):
            tsquery_sql, tsquery_params = self.tsquery(query)
            sql = f"ts_rank((%s)::float4[], entry.{column}, {tsquery_sql})"
            params = [self.compiler.sql_weights, *tsquery_params]
            return (f"({sql} * %s)", [*params, boost]) if boost != 1.0 else (sql, params)
        if isinstance(query, Boost):
            return self.rank(column, query.subquery, boost * query.boost)
        ranks = [self.rank(column, subquery, boost) for subquery in query.subqueries]
        if isinstance(query, Alternatives):
            params = [param for _sql, part_params in ranks for param in part_params]
            return f"GREATEST({', '.join(sql for sql, _params in ranks)})", params
        if isinstance(query, And):
            plus_one = [(f"(%s + {sql})", [1, *params]) for sql, params in ranks]
            sql, params = balanced_reduce(combined("*"), plus_one)
            return f"({sql} - %s)", [*params, 1]
        if isinstance(query, Or):
            sql, params = balanced_reduce(combined("+"), ranks)
            return f"({sql} / %s)", [*params, len(query.subqueries) or 1]
        raise NotImplementedError(f"{type(query).__name__} cannot be ranked.")


def scores_only_where_matched(query):
    """Whether ``query`` ranks exactly 0 in every vector it does not match.

    True when every part is a word, or any of some words (``PlainText`` with the "or"
    operator, as the site search builds them): ``ts_rank`` then adds up what each of the
    words found scores, and a vector that matches none holds none of them. A phrase, or
    all of some words, can score in a vector that holds all its words but not as asked.
    """
    if isinstance(query, Boost):
        return scores_only_where_matched(query.subquery)
    if isinstance(query, Or):
        return all(scores_only_where_matched(subquery) for subquery in query.subqueries)
    if isinstance(query, PlainText):
        terms = query.query_string.split()
        return all(map(SINGLE_WORD.fullmatch, terms)) and (query.operator == "or" or len(terms) == 1)
    return False


def ranked_leaves(query):
    """How many ``ts_rank`` calls ``RankSQL.rank`` makes for ``query`` on each vector."""
    if isinstance(query, Boost):
        return ranked_leaves(query.subquery)
    if isinstance(query, (And, Or)):
        return sum(ranked_leaves(subquery) for subquery in query.subqueries)
    return 1


def read_whole_once(column):
    """The index entry's ``column`` as a value in memory, for a subquery that ranks it many times.

    ``ts_rank`` reads its vector whole, and a long page's body vector (over about 8 kB,
    see migration search.0004) is stored out of line: each call would fetch it again
    from the TOAST table. An array holds its elements inline, so ``(ARRAY[v])[1]``
    fetches it once per row. With a single call, the copy costs more than it saves.
    """
    return f"(ARRAY[entry.{column}])[1] AS {column}"


def without_live_filter(queryset):
    """``queryset`` without its ``live=True`` condition, or None when it has none that can be taken out.

    Only a condition of the WHERE clause's top level, ANDed with the rest, can be: the
    rest then keeps what the queryset keeps among live pages.
    """
    where = queryset.query.where
    if where.connector != AND or where.negated:
        return None
    live = Page._meta.get_field("live")
    for position, child in enumerate(where.children):
        if isinstance(child, Exact) and getattr(child.lhs, "target", None) is live and child.rhs is True:
            rest = queryset.all()
            del rest.query.where.children[position]
            return rest
    return None


def keeps_everything(queryset):
    """Whether ``queryset``'s WHERE clause keeps every row (say, an ``exclude()`` of an empty list)."""
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        compiler.compile(queryset.query.where)
    except FullResultSet:
        return True
    except EmptyResultSet:  # keeps nothing: left to the full condition
        pass
    return False


def entries_holding(query, counts):
    """About how many index entries hold ``query`` (a word, any of some words, all of them or a phrase).

    ``counts`` ({word: entries}) has each word the index holds: any of some words is held
    at least as often as the most common, all of them or a phrase at most as often as the
    rarest. A word the index lacks is held nowhere.
    """
    held = [counts.get(word, 0) for word in SINGLE_WORD.findall(query.query_string.lower())]
    any_of = isinstance(query, PlainText) and query.operator == "or"
    return (max if any_of else min)(held, default=0)


def idf(held, total):
    """BM25's inverse document frequency of a term in ``held`` of ``total`` entries: rarer weighs more."""
    return math.log(1 + (total - held + 0.5) / (held + 0.5))


def weighted_by_rarity(query, counts, total):
    """``query`` with each word or phrase boosted by its ``idf``, as bm25() weighs terms."""
    if isinstance(query, (Phrase, PlainText)):
        return Boost(query, idf(entries_holding(query, counts), total))
    if isinstance(query, Boost):
        return Boost(weighted_by_rarity(query.subquery, counts, total), query.boost)
    if isinstance(query, (And, Or)):
        return rebuilt(query, [weighted_by_rarity(subquery, counts, total) for subquery in query.subqueries])
    return query


def word_counts(using):
    """``({word: entries}, total entries)`` of the index, read once per content generation."""
    from search.vocabulary import current_vocabulary  # the search app's models, ready by the first search

    vocabulary = current_vocabulary(using)
    if vocabulary not in _entry_totals:
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {IndexEntry._meta.db_table}")  # noqa: S608 (our table)
            _entry_totals[vocabulary] = cursor.fetchone()[0]
    return vocabulary.counts, _entry_totals[vocabulary]


def combined(operator_sql):
    """Join two (SQL, params) pairs with ``operator_sql``, as Django's combined expressions do."""

    def combine(left, right):
        return f"({left[0]} {operator_sql} {right[0]})", [*left[1], *right[1]]

    return combine


class RankedEntriesMixin(RankedCompilerMixin):
    #: The index entry's tsvector columns to match, and to rank with their weight.
    ENTRY_VECTORS = [(F("title"), F("title_norm")), (F("body"), 1.0)]
    #: Those of ENTRY_VECTORS that most matches do not match (see ``RankSQL.score``).
    SPARSE_VECTORS = ("title",)
    #: Whether searches of pages read PAGE_ENTRIES_TABLE (whose vectors are the title and body).
    READS_PAGE_ENTRIES = False
    #: Whether words weigh by their rarity among the index's titles and bodies (``ts_rank`` has no IDF).
    WEIGHS_RARITY = False

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, Boost):
            return self.build_tsquery_content(query.subquery, config=config, invert=invert)
        return super().build_tsquery_content(query, config=config, invert=invert)

    def matching_entries(self, config):
        """The index entries of the queryset's model that match the query (GIN index lookups)."""
        tsquery = EvaluatedOnce(self.build_tsquery(self.query, config=config))
        matches = reduce(operator.or_, (Q(Matches(vector, tsquery)) for vector, _ in self.ENTRY_VECTORS))
        content_types = get_descendants_content_types_pks(self.queryset.model)
        return IndexEntry.objects.filter(matches, content_type_id__in=content_types)

    def matching_queryset(self, config):
        """The queryset narrowed to the matches, unordered: for counts and facets."""
        object_ids = self.matching_entries(config).values(object_pk=Cast("object_id", IntegerField()))
        return self.queryset.filter(pk__in=object_ids)

    def reads_page_entries(self):
        return self.READS_PAGE_ENTRIES and issubclass(self.queryset.model, Page)

    def match_columns(self):
        return ("live", TAG_IDS) if self.reads_page_entries() else ()

    def allowed_sql(self, alias):
        """As the mixin's, but a page entry's own ``live`` column stands for the queryset's ``live()``."""
        rest = without_live_filter(self.queryset) if self.reads_page_entries() else None
        if rest is None:
            return super().allowed_sql(alias)
        if keeps_everything(rest):
            return f"{alias}.live", []
        rest_sql, rest_params = in_queryset(f"{alias}.pk", rest)
        return f"{alias}.live AND {rest_sql}", rest_params

    def ranked_query(self):
        """The query to rank by: where WEIGHS_RARITY, each word weighted by its rarity in the index."""
        if not self.WEIGHS_RARITY:
            return self.query
        counts, total = word_counts(self.queryset.db)
        return weighted_by_rarity(self.query, counts, total)

    def matched_sql(self, rank, query):
        """SQL and params: whether an entry matches ``query`` (say, a concept) in any of its vectors."""
        tsquery_sql, tsquery_params = rank.tsquery(query)
        vectors = [vector.name for vector, _weight in self.ENTRY_VECTORS]
        matched = " OR ".join(f"entry.{vector} @@ {tsquery_sql}" for vector in vectors)
        return f"({matched})", tsquery_params * len(vectors)

    def covered_sql(self, rank, query):
        """SQL and params adding up the sizes of the ``Concepts`` of ``query`` that an entry matches."""
        counted = []
        for concept, size in zip(concepts(query), concept_sizes(query), strict=True):
            matched_sql, matched_params = self.matched_sql(rank, concept)
            counted.append((f"(CASE WHEN {matched_sql} THEN {size:d} ELSE 0 END)", matched_params))
        return reduce(combined("+"), counted)

    def entries_sql(self, condition, columns=()):
        """SQL and params of the entries of the queryset's model passing ``condition`` (SQL and params).

        Each row: the object's key, its content type, the ``match_columns`` and ``columns``.
        """
        condition_sql, condition_params = condition
        content_types = get_descendants_content_types_pks(self.queryset.model)
        if self.reads_page_entries():
            table, pk = PAGE_ENTRIES_TABLE, "entry.page_id"
        else:
            table, pk = IndexEntry._meta.db_table, "(entry.object_id)::integer"
        extra = [f"entry.{name}" for name in self.match_columns()]
        selected = [f"{pk} AS pk", "entry.content_type_id", *extra, *columns]
        sql = (
            f"SELECT {', '.join(selected)} FROM {table} AS entry "  # noqa: S608
            f"WHERE {condition_sql} AND entry.content_type_id IN ({', '.join(['%s'] * len(content_types))})"
        )
        return sql, [*condition_params, *content_types]

    def covering_every_concept_sql(self, rank, query):
        """SQL and params of the entries matching every concept of ``query``: the best coverage's tier.

        PostgreSQL finds them from the GIN indexes alone (a BitmapAnd of each concept's
        BitmapOr), without testing a vector.
        """
        matched = [self.matched_sql(rank, concept) for concept in concepts(query)]
        return self.entries_sql(reduce(combined("AND"), matched))

    def tiered_matches_sql(self, config, stop, conditions):
        return self.scored_matches_sql(config, best=(stop, conditions) if stop else None)

    def scored_matches_sql(self, config, best=None):
        """As the mixin's; given ``best`` (``stop``, ``conditions``), see ``ranked.below_top_tier``."""
        rank = RankSQL(self, config)
        query = self.ranked_query()
        score_sql, score_params = rank.score(self.ENTRY_VECTORS, query, sparse=self.SPARSE_VECTORS)
        if len(concepts(query)) > 1:
            covered_sql, covered_params = self.covered_sql(rank, query)
            score_sql, score_params = covering(covered_sql, score_sql), [*covered_params, *score_params]
            if best is not None:
                top_tier = self.covering_every_concept_sql(rank, query)
                connection = connections[self.queryset.db]
                below_sql, below_params = below_top_tier(connection, "entry.pk", top_tier, *best)
                score_sql = f"(CASE WHEN {below_sql} THEN 0 ELSE {score_sql} END)"
                score_params = [*below_params, *score_params]
        weights = [weight.name for _vector, weight in self.ENTRY_VECTORS if isinstance(weight, F)]
        vectors = [vector.name for vector, _weight in self.ENTRY_VECTORS]
        ranked_often = ranked_leaves(query) > 1
        columns = [f"entry.{name}" for name in weights]
        columns += [read_whole_once(name) if ranked_often else f"entry.{name}" for name in vectors]
        entries_sql, entries_params = self.entries_sql(self.matched_sql(rank, query), columns)
        extra = [f"entry.{name}" for name in self.match_columns()]
        outer = ["entry.pk", "entry.content_type_id", f"{score_sql} AS score", *extra]
        sql = (
            f"SELECT {', '.join(outer)} FROM ({entries_sql} "  # noqa: S608
            "OFFSET 0) AS entry"  # OFFSET 0 keeps the subquery from being merged into this one.
        )
        return sql, [*score_params, *entries_params]

    def search(self, config, start, stop, score_field=None, backend=None):
        if self.order_by_relevance and self.uses_ranked_path():
            return self.ranked(config, start, stop, score_field)
        return super().search(config, start, stop, score_field=score_field, backend=backend)


class RankedPostgresSearchQueryCompiler(RankedEntriesMixin, PostgresSearchQueryCompiler):
    READS_PAGE_ENTRIES = True
    WEIGHS_RARITY = True


class RankedPostgresAutocompleteQueryCompiler(RankedEntriesMixin, PostgresAutocompleteQueryCompiler):
    ENTRY_VECTORS = [(F("autocomplete"), 1.0)]


class RankedPostgresSearchResults(RankedResultsMixin, PostgresSearchResults):
    pass


class RankedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = RankedPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = RankedPostgresAutocompleteQueryCompiler
    results_class = RankedPostgresSearchResults

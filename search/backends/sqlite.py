"""Wagtail's SQLite FTS5 backend, ranking in one pass over the index instead of once per match.

Wagtail's stock compiler orders results by a correlated subquery that repeats the
whole FTS5 ``MATCH`` for every matching page (``EXPLAIN QUERY PLAN`` shows
``CORRELATED SCALAR SUBQUERY`` over ``SCAN ... VIRTUAL TABLE``), so a common word
costs time proportional to the square of the number of matches. Here the query is
matched once, usually in a single MATCH for each of its concepts, and ranked by ``bm25()``
over the FTS5 table and a narrow index of the entries; the queryset's filters (live,
public, type, tag ...) are applied to the best candidates only (see
``RankedCompilerMixin.ranked``) and just the page of results asked for is loaded.
Counts and facets skip ranking altogether, or come from the ranked matches in the same
statement (``RankedResultsMixin.faceted``).

Indexing reads each field once (Wagtail's indexer reads every field three times,
once per column) and applies ``SearchField(boost=n)``: FTS5 has one body column, so a
field's text is counted ``n`` times there, and bm25() weighs term frequency.
"""

from django.db import connections
from django.db.models.expressions import RawSQL
from django.utils.encoding import force_str
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.conf import get_app_config
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import Or
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from .ranked import (
    RankedCompilerMixin,
    RankedResultsMixin,
    concept_sizes,
    concepts,
    covering,
    scored_parts,
    without_boosts,
)

IndexEntry = get_app_config().get_model("IndexEntry", require_ready=False)
FTS_TABLE = SQLiteFTSIndexEntry._meta.db_table
ENTRY_TABLE = IndexEntry._meta.db_table
RANKING_INDEX = "search_indexentry_ranking"
#: bm25() column weights that score the title alone (for ``TITLE_NORM_WEIGHT``).
TITLE_ONLY = (0, 0, 1)
#: How many times one part may be repeated in a single MATCH (see ``repeated_parts``).
MAX_PART_REPEATS = 4


def index_columns(obj, backend):
    """The title, body and autocomplete text for ``obj``, reading each of its search fields once."""
    indexer = ObjectIndexer(obj, backend)
    columns = {"title": [], "body": [], "autocomplete": []}
    for search_field in indexer.search_fields:
        for field, text in indexer.prepare_field(obj, search_field):
            if isinstance(field, AutocompleteField):
                columns["autocomplete"].append(text)
            elif isinstance(field, SearchField):
                column = "title" if field.field_name == "title" else "body"
                columns[column].extend([text] * max(1, round(field.boost or 1)))
    return {name: " ".join(texts) for name, texts in columns.items()}


class BoostedSQLiteIndex(SQLiteIndex):
    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        documents = {force_str(obj.pk): index_columns(obj, self.backend) for obj in objs}
        if not documents:
            return
        entries = self.entries.filter(content_type_id=get_content_type_pk(model))
        existing = set(entries.filter(object_id__in=documents).values_list("object_id", flat=True))
        for object_id in existing:
            # title_norm 1.0 marks the entry for _refresh_title_norms(), as for new entries.
            entries.filter(object_id=object_id).update(**documents[object_id], title_norm=1.0)
        self.entries.bulk_create(
            IndexEntry(content_type_id=get_content_type_pk(model), object_id=object_id, **columns)
            for object_id, columns in documents.items()
            if object_id not in existing
        )
        self._refresh_title_norms()


def repeated_parts(parts):
    """``(unit, query)``: one any-of query scoring as the weighted parts do, or None if there is none.

    FTS5's bm25() sums over the phrases of the query, counting a repeated phrase
    again, so ``Or([a, a, b])`` scores exactly as ``2 * a + b`` scored part by part
    (an OR's parts matching nothing in a row add nothing). So when every part's
    weight is a whole multiple, up to MAX_PART_REPEATS, of the smallest (``unit``),
    repeating each part that many times lets one MATCH do the work of one MATCH per
    part and a GROUP BY.
    """
    unit = min(weight for _part, weight in parts)
    if unit <= 0:
        return None
    repeated = []
    for part, weight in parts:
        repeats = round(weight / unit)
        if repeats > MAX_PART_REPEATS or abs(repeats * unit - weight) > 1e-9 * weight:
            return None
        repeated += [part] * repeats
    return unit, repeated[0] if len(repeated) == 1 else Or(repeated)


class RankedQueryMixin(RankedCompilerMixin):
    """The ranking shared by the search and autocomplete compilers.

    A page's score is the weighted sum of bm25() over the parts of the query it
    matches (see ``scored_parts``), so a page matching more of what was asked for, or
    the visitor's own words rather than synonyms, ranks higher. A query of several
    ``Concepts`` ranks first by how much of the query a page covers (see ``covering``).
    Usually one MATCH over the FTS5 index scores every part of a concept at once (see
    ``repeated_parts``); otherwise each part is matched by itself. The MATCHes of a
    query of several, each labelled with its concept, are added up per entry.
    """

    #: bm25() weights for the FTS5 table's columns, in table order: autocomplete, body, title.
    #: Field boosts are already in the indexed text (see ``index_columns``).
    COLUMN_WEIGHTS = (0.0, 1.0, 1.0)
    #: How much a title match counts again, scaled by ``title_norm`` (the average title
    #: length over this title's). FTS5's bm25() divides by the length of the whole page,
    #: which favours short pages over long structured ones; this gives short, focused
    #: titles their due, as BM25F does by normalising each field by its own length.
    TITLE_NORM_WEIGHT = 0.5

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's SQLite code (counts, the stock path) cannot read boosts.
        self.concepts = [scored_parts(concept) for concept in concepts(self.query)]
        self.concept_sizes = concept_sizes(self.query)
        self.query = without_boosts(self.query)

    def _match(self, query, config):
        """SQL condition and params matching ``query`` in the FTS5 table."""
        search_query = self.build_search_query(normalize(without_boosts(query)), config=config)
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
        compiler = SQLiteFTSIndexEntry.objects.all().query.get_compiler(self.queryset.db)
        return match.as_sql(compiler, connections[self.queryset.db])

    def _bm25(self, column_weights=None):
        """bm25() of the current row with ``column_weights`` (by default, the COLUMN_WEIGHTS)."""
        weights = self.COLUMN_WEIGHTS if column_weights is None else column_weights
        return f"bm25({FTS_TABLE}, {', '.join(str(weight) for weight in weights)})"

    def _content_types(self):
        """SQL condition and params keeping the index entries of the queryset's model (and subclasses).

        The unary ``+`` keeps SQLite from using the condition in the ranking index's key:
        it then finds each match's entry by id alone and checks its content type, rather
        than looking the match up once per content type (a page model has several).
        """
        content_types = get_descendants_content_types_pks(self.queryset.model)
        return f"+entry.content_type_id IN ({', '.join(['%s'] * len(content_types))})", content_types

    def matching_queryset(self, config):
        """The queryset narrowed to the matches, unordered: for counts and facets."""
        match_sql, match_params = self._match(self.query, config)
        content_types_sql, content_types = self._content_types()
        # CROSS JOIN makes SQLite start from the MATCH, not from every entry of the content
        # types; the narrow ranking index (migration search.0003) spares reading whole entries.
        sql = (
            f"SELECT CAST(entry.object_id AS INTEGER) FROM {FTS_TABLE} "  # noqa: S608 (names and placeholders)
            f"CROSS JOIN {ENTRY_TABLE} AS entry INDEXED BY {RANKING_INDEX} ON entry.id = {FTS_TABLE}.rowid "
            f"WHERE {match_sql} AND {content_types_sql}"
        )
        return self.queryset.filter(pk__in=RawSQL(sql, [*match_params, *content_types]))  # noqa: S611

    def matched_parts(self):
        """``(concept, query, weight)`` for each MATCH: one a concept, or a part if weights do not repeat."""
        matched = []
        for concept, parts in enumerate(self.concepts):
            repeats = repeated_parts(parts)
            if repeats is None:
                matched += [(concept, part, weight) for part, weight in parts]
            else:
                unit, query = repeats
                matched.append((concept, query, unit))
        return matched

    def scored_matches_sql(self, config):
        matched = self.matched_parts()
        if len(matched) > 1:
            return self._scored_part_by_part(config, matched)
        [(_concept, query, unit)] = matched
        match_sql, match_params = self._match(query, config)
        content_types_sql, content_types = self._content_types()
        sql = (
            # bm25() is lower for better matches; negated, the score is higher-is-better.
            "SELECT CAST(entry.object_id AS INTEGER) AS pk, entry.content_type_id, "  # noqa: S608
            f"-%s * ({self._bm25()} "
            f"+ %s * entry.title_norm * {self._bm25(TITLE_ONLY)}) AS score FROM {FTS_TABLE} "
            # The entries' narrow ranking index (migration search.0003), not their wide rows.
            f"CROSS JOIN {ENTRY_TABLE} AS entry INDEXED BY {RANKING_INDEX} ON entry.id = {FTS_TABLE}.rowid "
            f"WHERE {match_sql} AND {content_types_sql}"
        )
        return sql, [unit, self.TITLE_NORM_WEIGHT, *match_params, *content_types]

    def _scored_part_by_part(self, config, matched):
        """Each of ``matched`` (see ``matched_parts``) matched and scored by itself, summed per entry."""
        part_sql, params = [], []
        for concept, query, weight in matched:
            match_sql, match_params = self._match(query, config)
            part_sql.append(
                f"SELECT {FTS_TABLE}.rowid AS id, %s AS concept, %s * {self._bm25()} AS score, "  # noqa: S608
                f"%s * {self._bm25(TITLE_ONLY)} AS title_score FROM {FTS_TABLE} WHERE {match_sql}"
            )
            params += [concept, weight, weight, *match_params]
        score_sql = "-(SUM(hits.score) + %s * entry.title_norm * SUM(hits.title_score))"
        if len(self.concepts) > 1:
            score_sql = covering(self._covered_sql(), score_sql)
        content_types_sql, content_types = self._content_types()
        sql = (
            f"SELECT CAST(entry.object_id AS INTEGER) AS pk, entry.content_type_id, {score_sql} AS score "  # noqa: S608
            # LIMIT -1 (no limit) stops SQLite flattening the parts into the GROUP BY,
            # where bm25() cannot run.
            f"FROM ({' UNION ALL '.join(part_sql)} LIMIT -1) AS hits "
            f"CROSS JOIN {ENTRY_TABLE} AS entry INDEXED BY {RANKING_INDEX} ON entry.id = hits.id "
            f"WHERE {content_types_sql} GROUP BY entry.id"
        )
        return sql, [self.TITLE_NORM_WEIGHT, *params, *content_types]

    def _covered_sql(self):
        """SQL adding up the sizes (see ``Concepts``) of the concepts an entry's hits match."""
        if set(self.concept_sizes) == {1}:
            return "COUNT(DISTINCT hits.concept)"
        covered = (
            f"MAX(CASE WHEN hits.concept = {concept:d} THEN {size:d} ELSE 0 END)"
            for concept, size in enumerate(self.concept_sizes)
        )
        return f"({' + '.join(covered)})"

    def search(self, config, start, stop, score_field=None):
        if self.order_by_relevance and self.uses_ranked_path():
            return self.ranked(config, start, stop, score_field)
        return super().search(config, start, stop, score_field)


class RankedSQLiteSearchQueryCompiler(RankedQueryMixin, SQLiteSearchQueryCompiler):
    pass


class RankedSQLiteAutocompleteQueryCompiler(RankedQueryMixin, SQLiteAutocompleteQueryCompiler):
    COLUMN_WEIGHTS = (1.0, 0.0, 0.0)


class RankedSQLiteSearchResults(RankedResultsMixin, SQLiteSearchResults):
    pass


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    index_class = BoostedSQLiteIndex
    query_compiler_class = RankedSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = RankedSQLiteAutocompleteQueryCompiler
    results_class = RankedSQLiteSearchResults

"""The ranked SQLite backend: the same answers as Wagtail's stock backend, from one FTS5 query."""

import pytest
from django.db import connection

if connection.vendor != "sqlite":
    pytest.skip("SQLite's FTS5 backend only", allow_module_level=True)

# The SQLite backends can only be imported where their FTS5 model exists.
from django.test.utils import CaptureQueriesContext
from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Not, PlainText

from search.backends.sqlite import RankedSQLiteSearchBackend, repeated_parts
from search.query import build_search_query
from search.synonyms import SynonymTable
from tests.search.conftest import query_shapes
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

QUERIES = ["botox", "chemical peel", "skin OR botox", "injections", "zzz"]


@pytest.fixture
def pages(make_treatment, make_article):
    make_treatment("Botox for chronic migraine", summary="Injections for chronic migraine.")
    make_treatment("Chemical peel", summary="A peel for uneven skin tone.")
    make_treatment("Microneedling", summary="Fine needles to help skin repair itself.")
    make_article("Botox myths", intro="What botox does and does not do for skin.")


def stock():
    return SQLiteSearchBackend({})


def test_the_default_database_backend_is_the_ranked_one():
    """settings: search.backends.database picks the ranked backend on SQLite."""
    assert isinstance(get_search_backend(), RankedSQLiteSearchBackend)


@pytest.mark.parametrize("query", QUERIES)
def test_same_matches_and_counts_as_the_stock_backend(pages, query):
    """Whatever the query, the ranked backend finds exactly the pages Wagtail's own does."""
    queryset = Page.objects.live()
    ranked = get_search_backend().search(query, queryset, operator="or")
    expected = stock().search(query, queryset, operator="or")
    assert {page.pk for page in ranked} == {page.pk for page in expected}
    assert ranked.count() == expected.count()


def test_results_are_ordered_best_first_and_sliced(pages):
    """A title match outranks a passing mention; slices page through the same order."""
    results = get_search_backend().search("microneedling skin", Page.objects.live(), operator="or")
    titles = [page.title for page in results]
    assert titles[0] == "Microneedling"
    assert [page.title for page in results[1:3]] == titles[1:3]


def test_querysets_filters_are_respected(pages):
    """Filters on the searched queryset (type, live) narrow the ranked results."""
    treatments = Page.objects.live().type(TreatmentPage)
    titles = {page.title for page in get_search_backend().search("botox", treatments, operator="or")}
    assert titles == {"Botox for chronic migraine"}


def test_facets_count_matches_per_value(pages):
    """facet() counts the matches for each value of a filter field."""
    results = get_search_backend().search("botox", Page.objects.live().specific(), operator="or")
    counts = results.facet("content_type_id")
    assert sorted(counts.values()) == [1, 1]


def test_scores_are_reported_higher_for_better_matches(pages):
    """annotate_score gives each result a score, best first."""
    results = get_search_backend().search("skin", Page.objects.live(), operator="or").annotate_score("score")
    scores = [page.score for page in results]
    assert scores == sorted(scores, reverse=True)


def test_negated_queries_keep_wagtails_stock_path(pages):
    """NOT queries are answered by Wagtail's own compiler, unchanged."""
    titles = {page.title for page in get_search_backend().search(Not(PlainText("botox")), TreatmentPage)}
    assert titles == {"Chemical peel", "Microneedling"}


def ranking_statement(text="botox"):
    """The SQL of the ranking query for a page of results of a search, and the steps of its plan."""
    query = build_search_query(text, SynonymTable([]))
    results = get_search_backend().search(query, Page.objects.live(), operator="or")
    with CaptureQueriesContext(connection) as queries:
        list(results[:10])
    (ranking,) = [query["sql"] for query in queries if " MATCH " in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + ranking)
        return ranking, [row[-1] for row in cursor.fetchall()]


def test_ranking_is_one_pass_over_the_index(pages):
    """One ranking query, one MATCH for a concept's parts, no correlated subquery (the stock cost)."""
    sql, plan = ranking_statement()
    assert sql.count(" MATCH ") == 1
    assert "GROUP BY" not in sql
    assert not any("CORRELATED" in step for step in plan)


def test_several_concepts_take_one_match_each_labelled_and_summed_per_entry(pages):
    """A query of two concepts is two MATCHes, added up per entry, which counts the concepts it matched."""
    sql, plan = ranking_statement("botox skin")
    assert sql.count(" MATCH ") == 2
    assert "COUNT(DISTINCT hits.concept)" in sql
    assert not any("CORRELATED" in step for step in plan)


def test_each_match_finds_its_entry_by_id_alone(pages):
    """The content types are checked on the entry found, not looked up once each (see ``_content_types``)."""
    _sql, plan = ranking_statement()
    assert "SEARCH entry USING COVERING INDEX search_indexentry_ranking (id=?)" in plan


def test_autocomplete_matches_title_prefixes(pages):
    """The last word typed matches as a prefix."""
    results = get_search_backend().autocomplete("microneed", Page.objects.live())
    assert [page.title for page in results] == ["Microneedling"]


def test_weights_become_repeats_of_the_smallest():
    """Parts weighted 2 and 1 are one MATCH with the first part twice; equal weights keep one of each."""
    peel, skin = PlainText("peel"), PlainText("skin")
    unit, query = repeated_parts([(peel, 2.0), (skin, 1.0)])
    assert (unit, query.subqueries) == (1.0, [peel, peel, skin])
    unit, query = repeated_parts([(peel, 2.0), (skin, 2.0)])
    assert (unit, query.subqueries) == (2.0, [peel, skin])
    assert repeated_parts([(peel, 3.0)]) == (3.0, peel)


@pytest.mark.parametrize(
    "weights", [(3.0, 2.0), (5.0, 1.0), (1.0, 0.0)], ids=["fraction", "too many", "zero"]
)
def test_other_weights_are_scored_part_by_part(weights):
    """Weights that are not small whole multiples of the smallest cannot be repeats: None."""
    assert repeated_parts(list(zip([PlainText("peel"), PlainText("skin")], weights, strict=True))) is None


@query_shapes
def test_one_match_scores_as_the_parts_do(scored_pages, make_query):
    """One MATCH a concept, its parts repeated, gives every page the score matching part by part gives."""
    compiler = get_search_backend().search(make_query(), Page.objects.live(), operator="or").query_compiler
    config = compiler.get_config(get_search_backend())
    assert all(repeated_parts(parts) is not None for parts in compiler.concepts)
    each_part = [
        (concept, part, weight) for concept, parts in enumerate(compiler.concepts) for part, weight in parts
    ]
    with connection.cursor() as cursor:
        cursor.execute(*compiler.scored_matches_sql(config))
        one_match = {pk: score for pk, _content_type, score in cursor.fetchall()}
        cursor.execute(*compiler._scored_part_by_part(config, each_part))
        part_by_part = {pk: score for pk, _content_type, score in cursor.fetchall()}
    assert one_match == pytest.approx(part_by_part, rel=1e-12)
    assert len(one_match) >= 2

"""On PostgreSQL, the ranking is Wagtail's rank expression written as SQL text, words weighted by rarity."""

from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import IntegerField, Q
from django.db.models.functions import Cast, Greatest
from django.test.utils import CaptureQueriesContext
from modelsearch.conf import get_app_config
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Boost, Or, Phrase, PlainText

from search.backends.faceted import FOUND, Condition, of_content_types
from search.backends.postgres import (
    PAGE_ENTRIES_TABLE,
    keeps_everything,
    scores_only_where_matched,
    without_live_filter,
)
from search.backends.ranked import Alternatives, concepts
from search.params import SearchParams
from search.query import expand_query
from search.run import run_search
from search.synonyms import SynonymTable
from tests.search.conftest import query_shapes, rich_text_body
from treatments.models import TreatmentPage

TABLE = get_app_config().get_model("IndexEntry")._meta.db_table

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ranking only"),
]


@pytest.fixture
def pages(scored_pages, make_article):
    # Body vectors of a few kB, kept in the row, and of over 8 kB, stored out of line (TOAST).
    make_article("Peel diary", intro="Every week of a peel course.", body=rich_text_body(notes(250)))
    make_article("Peel log", intro="Every day of a peel course.", body=rich_text_body(notes(1000)))


def notes(count):
    """Text whose body vector takes about 15 bytes a word: ``count`` distinct words, and skin and peel."""
    return " ".join(f"skin peel note{n:04d}" for n in range(count))


def out_of_line_chunks():
    """How many chunks of values stored out of line the index entries' TOAST table holds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = %s::regclass", [TABLE])
        (toast_table,) = cursor.fetchone()
        cursor.execute(f"SELECT COUNT(*) FROM {toast_table}")  # noqa: S608 (a name from the catalogue)
        return cursor.fetchone()[0]


def matched_pks(compiler, config, query):
    """The primary keys of the entries ``query`` matches, as the compiler finds them."""
    compiler.query = query
    return compiler.matching_entries(config).values_list(Cast("object_id", IntegerField()), flat=True)


def scoring_alternatives_by_the_best(compiler, monkeypatch):
    """Make ``compiler``'s Wagtail rank expression score each ``Alternatives`` by its best part."""
    wagtails_rank = compiler.build_tsrank

    def build_tsrank(vector, query, config=None, boost=1.0):
        if isinstance(query, Alternatives):
            return Greatest(*(build_tsrank(vector, part, config, boost) for part in query.subqueries))
        return wagtails_rank(vector, query, config=config, boost=boost)

    monkeypatch.setattr(compiler, "build_tsrank", build_tsrank)


@query_shapes
def test_scores_are_wagtails_with_words_weighted_by_rarity_and_concepts_counted_first(
    pages, make_query, monkeypatch
):
    """Each match scores ``covered + s / (1 + s)``: ``covered`` the concepts it matches, ``s`` Wagtail's.

    ``s`` is Wagtail's expression (build_tsrank) for the query with each word boosted by
    its rarity (``weighted_by_rarity``), except that a word's alternatives (its forms and
    synonyms) score their best rather than their mean; a query of one concept scores ``s`` alone.
    """
    backend = get_search_backend()
    compiler = backend.search(make_query(), Page.objects.live(), operator="or").query_compiler
    config = compiler.get_config(backend)
    ours = dict(compiler.rank(config, None, None, within_queryset=False))
    weighted = compiler.ranked_query()
    scoring_alternatives_by_the_best(compiler, monkeypatch)
    compiler.query = weighted
    wagtails = dict(
        compiler.matching_entries(config).values_list(
            Cast("object_id", IntegerField()), compiler._build_rank_expression(compiler.ENTRY_VECTORS, config)
        )
    )
    expected = wagtails
    if len(concepts(weighted)) > 1:
        covered = Counter(
            pk for concept in concepts(weighted) for pk in matched_pks(compiler, config, concept)
        )
        expected = {pk: covered[pk] + score / (1 + score) for pk, score in wagtails.items()}
    assert ours == pytest.approx(expected, rel=1e-12)
    assert len(ours) >= 2


def test_the_fixture_holds_vectors_in_the_row_and_out_of_line(pages):
    """The scores above cover a vector of a few kB and one PostgreSQL stores out of line."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_column_size(body) FROM {TABLE} ORDER BY 1 DESC LIMIT 2")  # noqa: S608
        largest, second = (size for (size,) in cursor.fetchall())
    assert largest > 8192 and 2048 < second < 8192
    assert out_of_line_chunks() > 0


def test_index_rows_of_a_few_kilobytes_stay_whole_in_the_table(make_article):
    """Migration search.0004: a 4 kB body vector is kept in its row, so ranking reads no TOAST table."""
    make_article("Peel diary", intro="Every week of a peel course.", body=rich_text_body(notes(250)))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(pg_column_size(body)) FROM {TABLE}")  # noqa: S608
        assert cursor.fetchone()[0] > 2048
    assert out_of_line_chunks() == 0


def statement_plan(data):
    """The site search's statement for ``data`` and the plan PostgreSQL makes for it."""
    with CaptureQueriesContext(connection) as queries:
        outcome = run_search(SearchParams.from_query_dict(data))
    sqls = [query["sql"] for query in queries.captured_queries]
    statement = next(sql for sql in sqls if sql.startswith("WITH matches"))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {statement}")
        return outcome, statement, "\n".join(line for (line,) in cursor.fetchall())


def test_a_search_of_live_pages_reads_live_from_the_page_entries(scored_pages):
    """The statement reads search_pageentry alone: ``live()`` is its column, tags its array (migration 0005).

    Read from Wagtail's index table, every match was looked up among the hashed keys
    of the live pages and joined to each model's tags: at 10,000 pages, about 40% of
    a common word's statement.
    """
    outcome, statement, plan = statement_plan({"q": "peel"})
    assert outcome.result_count == 2
    assert f"FROM {PAGE_ENTRIES_TABLE} AS entry" in statement
    assert TABLE not in plan
    assert "wagtailcore_page" not in plan and "pagetag" not in plan


def test_other_conditions_of_the_queryset_still_keep_the_pages_by_one_hash(scored_pages, home_page):
    """Beside ``live()``, a restricted section's pages are left out by one hashed lookup (in_queryset).

    PostgreSQL guesses a tsquery matches 100 entries, and as a join it looked each match
    up among the pages by index: 7 ms for 10,000 matches, against 1 ms to hash the keys.
    """
    private = Page.objects.get(title="Peel aftercare").get_parent()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    outcome, _statement, plan = statement_plan({"q": "peel"})
    assert [hit.page.title for hit in outcome.page] == ["Chemical peel"]
    assert "hashed SubPlan" in plan


def test_live_is_taken_out_of_a_querysets_top_level_conditions_only():
    """``without_live_filter`` leaves the rest of the conditions, and gives up where ``live`` is not ANDed."""
    rest = without_live_filter(Page.objects.live().exclude(pk__in=[1, 2]))
    where = str(rest.query).split(" WHERE ")[1]
    assert "live" not in where and "NOT" in where
    assert keeps_everything(without_live_filter(Page.objects.live().exclude(Q(pk__in=[]))))
    assert not keeps_everything(rest)
    assert without_live_filter(Page.objects.filter(Q(live=True) | Q(depth=1))) is None
    assert without_live_filter(Page.objects.exclude(live=True)) is None
    assert without_live_filter(Page.objects.filter(live=False)) is None


def test_titles_are_ranked_only_where_they_match_for_queries_of_words():
    """Queries of words may skip ranking a title they do not match; phrases and all-of queries may not.

    A title holding none of a query's words ranks exactly 0 (the scores above stay
    Wagtail's), so for lay words with synonyms four ``ts_rank`` calls are saved on each of
    the many titles that do not match. A phrase or an all-of query can rank in a title
    holding its words apart, which it does not match.
    """
    assert scores_only_where_matched(expand_query("shots for migraines").search_query())
    words = Or([Boost(PlainText("botox"), 2.0), PlainText("shot jab", operator="or")])
    assert scores_only_where_matched(words)
    phrase_synonym = SynonymTable([["hyperhidrosis", "sweaty armpits"]])
    assert not scores_only_where_matched(expand_query("hyperhidrosis", phrase_synonym).search_query())
    assert not scores_only_where_matched(Or([PlainText("peel"), Phrase("chemical peel")]))
    assert not scores_only_where_matched(PlainText("chemical peel", operator="and"))
    assert not scores_only_where_matched(And([PlainText("chemical"), PlainText("peel")]))
    assert not scores_only_where_matched(PlainText("e-mail"))  # may be parsed as a phrase of words


def test_the_statement_skips_ranking_unmatched_titles_only_where_that_is_exact(scored_pages):
    """The site search's statement guards the title's ranking for words, not for phrase synonyms."""
    _outcome, words, _plan = statement_plan({"q": "shots for migraines"})
    _outcome, phrase, _plan = statement_plan({"q": "sweaty armpits"})
    assert "CASE WHEN entry.title @@" in words
    assert "CASE WHEN" not in phrase


def test_the_count_and_facets_read_the_groups_of_matches_not_every_match(scored_pages):
    """Only the page of results and ``match_groups`` read the matches; the count and facets read the groups.

    A few dozen groups by type, tags and filters instead of every match read three more
    times: about 1 ms of a 25 ms statement at 10,000 pages.
    """
    outcome, _statement, plan = statement_plan({"q": "peel"})
    assert outcome.result_count == 2
    assert sum(facet.count for facet in outcome.type_facets) == 2
    assert plan.count("CTE Scan on matches") == 2
    assert plan.count("CTE Scan on match_groups") == 3


@pytest.fixture
def tiered_pages(make_treatment, make_article):
    """Four treatments covering both "peel" and "skin", four covering "peel" and four articles "skin"."""
    for n in range(4):
        make_treatment(f"Peel {n}", summary="A peel for your skin" + " peel" * n)
        make_treatment(f"Chemical peel course {n}", summary="A chemical peel" + ", again" * n)
        make_article(f"Skin diary {n}", intro="Skin, week by week" + " skin" * n)


def search_for_peel_skin(queryset):
    backend = get_search_backend()
    query = expand_query("peel skin").search_query()
    results = backend.search(query, queryset, operator="or")
    return results, results.query_compiler.get_config(backend)


def full_ranking(queryset):
    """{pk: score} of every match among ``queryset``, best first, each scored in full."""
    results, config = search_for_peel_skin(queryset)
    return dict(results.query_compiler.rank(config, None, None, within_queryset=True))


def test_only_matches_that_can_be_among_the_best_are_scored_in_full(tiered_pages):
    """For the best two, the four matches covering both words suffice: the rest score 0, no ``ts_rank``."""
    results, config = search_for_peel_skin(Page.objects.live())
    full = full_ranking(Page.objects.live())
    sql, params = results.query_compiler.tiered_matches_sql(config, 2, [])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tiered.pk, tiered.score FROM ({sql}) AS tiered", params)  # noqa: S608
        tiered = dict(cursor.fetchall())
    covering_one = {page.pk for page in Page.objects.exclude(title__regex=r"^Peel \d$").filter(depth=4)}
    assert len(covering_one) == 8 and tiered.keys() == full.keys()
    assert {pk: tiered[pk] for pk in covering_one} == dict.fromkeys(covering_one, 0)
    assert all(1 < full[pk] < 2 for pk in covering_one)
    assert {pk: tiered[pk] for pk in full if pk not in covering_one} == pytest.approx(
        {pk: full[pk] for pk in full if pk not in covering_one}, rel=1e-12
    )


def filtered(kept):
    """The queryset and the one-pass filter keeping ``kept``: all, treatments, or two "Peel n" fewer."""
    live = Page.objects.live()
    if kept == "treatments":
        treatment_type = ContentType.objects.get_for_model(TreatmentPage).pk
        return live.type(TreatmentPage), of_content_types([treatment_type])
    if kept == "two of the best fewer":
        left_out = tuple(live.filter(title__in=["Peel 0", "Peel 3"]).values_list("pk", flat=True))
        return live.exclude(pk__in=left_out), Condition(f"{FOUND}.pk NOT IN (%s, %s)", left_out)
    return live, None


@pytest.mark.parametrize("kept", ["all", "treatments", "two of the best fewer"])
def test_pages_of_results_scored_by_tier_follow_the_full_ranking(tiered_pages, kept):
    """Page by page, the one-pass statement and ``rank`` give the full ranking's order and scores.

    Each page counts the best coverage's tier up to its own end: the four pages covering
    both words fill the first two pages of two, and no other match is scored for them;
    past them, or where a filter leaves two, every match scores in full.
    """
    queryset, condition = filtered(kept)
    full = full_ranking(queryset)
    results, config = search_for_peel_skin(Page.objects.live())
    compiler = search_for_peel_skin(queryset)[0].query_compiler
    faceted, ranked = [], {}
    for start in range(0, len(full) + 2, 2):
        faceted += [page.pk for page in results.faceted(start, start + 2, {"kept": condition}, {}).hits]
        ranked.update(compiler.rank(config, start, start + 2, within_queryset=True))
    assert faceted == list(full) == list(ranked)
    assert ranked == pytest.approx(full, rel=1e-12)
    assert len(full) == {"all": 12, "treatments": 8, "two of the best fewer": 10}[kept]


def test_a_synonym_group_leaves_the_score_of_a_page_using_the_typed_words_alone(make_article):
    """A word's alternatives score their best, not their mean, so a synonym never dilutes the word.

    A page saying "melasma" but never "chloasma" scores the same for "melasma laser" once
    the two are made synonyms; with the mean it scored less, and lost places to pages
    matching the query's other words more strongly.
    """
    page = make_article("Melasma care", intro="Melasma fades slowly; laser is one option.")
    make_article("Chloasma notes", intro="Chloasma is common in pregnancy.")
    backend = get_search_backend()

    def score(groups):
        query = expand_query("melasma laser", synonyms=SynonymTable(groups)).search_query()
        compiler = backend.search(query, Page.objects.live(), operator="or").query_compiler
        return dict(compiler.rank(compiler.get_config(backend), None, None, within_queryset=False))[page.pk]

    assert score([["melasma", "chloasma"]]) == pytest.approx(score([]), rel=1e-9)

"""The ranked database backends (SQLite and PostgreSQL): candidates, then filters; coverage, then score."""

import pytest
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from articles.models import ArticlePage
from search.backends.ranked import RankedCompilerMixin, concepts
from search.query import build_search_query
from search.synonyms import SynonymTable
from tests.search.conftest import rich_text_body
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(make_treatment, make_article):
    """Five articles about peels that outrank the one treatment mentioning a peel in passing."""
    for n in range(5):
        make_article(f"Peel guide {n}", intro="All about the chemical peel: peel, peel, peel.")
    make_treatment("Microneedling", body=rich_text_body("Sometimes combined with a peel."))


def titles(results):
    return [page.title for page in results]


def test_the_default_database_backend_ranks_from_the_index():
    compiler_class = get_search_backend().query_compiler_class
    assert issubclass(compiler_class, RankedCompilerMixin)


def test_filtered_out_candidates_widen_the_search(pages, monkeypatch):
    """When the best candidates are filtered out, more are ranked until the page is full."""
    monkeypatch.setattr(RankedCompilerMixin, "CANDIDATE_MARGIN", 0)
    results = get_search_backend().search("peel", Page.objects.live().type(TreatmentPage), operator="or")
    assert titles(results[:1]) == ["Microneedling"]


def test_beyond_the_candidate_cap_the_filter_runs_inside_the_ranking(pages, monkeypatch):
    """Past MAX_CANDIDATES the queryset's filter goes into the ranking query, with the same answer."""
    monkeypatch.setattr(RankedCompilerMixin, "CANDIDATE_MARGIN", 0)
    monkeypatch.setattr(RankedCompilerMixin, "MAX_CANDIDATES", 1)
    results = get_search_backend().search("peel", Page.objects.live().type(TreatmentPage), operator="or")
    assert titles(results[:1]) == ["Microneedling"]


def test_pages_of_results_follow_one_order(pages):
    """Slicing page by page gives the same order as asking for everything."""
    results = get_search_backend().search("peel", Page.objects.live(), operator="or")
    everything = titles(results)
    assert titles(results[0:2]) + titles(results[2:4]) + titles(results[4:6]) == everything
    assert len(everything) == 6
    assert results.count() == 6


def test_counts_and_facets_skip_filtered_pages(pages):
    """Counts and facets follow the queryset's filters."""
    results = get_search_backend().search("peel", Page.objects.live().type(ArticlePage), operator="or")
    assert results.count() == 5
    assert sum(results.facet("content_type_id").values()) == 5


def site_search(text, synonyms=()):
    """The site search's query for ``text`` (with ``synonyms`` groups), asked of the backend."""
    query = build_search_query(text, SynonymTable([list(group) for group in synonyms]))
    return titles(get_search_backend().search(query, Page.objects.live(), operator="or"))


#: Words about a treatment that a query names none of, to make a page long.
FILLER = "Your provider explains each step, the aftercare and the costs before you decide. " * 8


@pytest.fixture
def nerve_block(make_treatment):
    """A long page naming injections and headaches once each, among pages where injections are common."""
    for area in ("forehead", "jaw", "neck", "brow", "underarms"):
        make_treatment(f"Wrinkle relaxing for the {area}", summary=f"Injections for the {area}.")
    make_treatment("Nerve block", summary=f"{FILLER} Injections may help some headaches. {FILLER}")


def test_a_page_matching_more_of_the_querys_concepts_ranks_first(nerve_block, make_article):
    """A mention each of "injections" and "headaches" beats a title and an intro about headaches alone."""
    headaches = "Headaches: noting your headaches, the days of headaches and what eased the headaches. "
    make_article("Keeping a headache diary", intro=headaches * 3)
    assert site_search("injections headaches")[0] == "Nerve block"


def test_a_word_and_its_synonyms_count_as_one_concept(nerve_block, make_article):
    """A title and intro full of "injections" and their synonym "jabs" cover one concept of two, not two."""
    make_article("Jabs and injections", intro="Injections or jabs: how jabs and injections feel. " * 3)
    assert site_search("injections headaches", [("injection", "jab")])[0] == "Nerve block"


def test_a_phrase_synonym_covers_as_many_words_of_the_query_as_it_has(make_treatment, make_article):
    """ "chemical peel", one concept through its synonym, covers two words of three, not one.

    Without a synonym each word is a concept, and a page holding the phrase covers two;
    adding one must not halve that against a page full of the third word alone.
    """
    make_treatment("Resurfacing", summary=f"{FILLER} A chemical peel may suit some skin. {FILLER}")
    make_article("Healing well", intro="Healing: how healing goes and what helps healing. " * 3)
    query = build_search_query("chemical peel healing", SynonymTable([["chemical peel", "chemexfoliation"]]))
    assert query.sizes == (2, 1)
    assert site_search("chemical peel healing", [("chemical peel", "chemexfoliation")])[0] == "Resurfacing"


def test_a_rare_word_in_a_body_beats_a_common_word_in_titles(make_treatment):
    """A common word ("botox", in many titles) and a rare one in no page together: the rare one's first."""
    for area in ("forehead", "frown lines", "crow's feet", "jaw", "neck", "migraine", "gummy smile", "brow"):
        make_treatment(f"Botox for the {area}", summary=f"Botox injections for the {area}.")
    make_treatment("Sweat control", summary=f"{FILLER} It can help hyperhidrosis. {FILLER}")
    assert site_search("botox hyperhidrosis")[0] == "Sweat control"


def test_a_plain_query_is_one_concept_and_a_site_query_of_several_words_is_several():
    """Wagtail's stock calls (a plain query) keep one concept; the site search's query has one a word."""
    plain = PlainText("injections headaches")
    assert concepts(plain) == [plain]
    assert len(concepts(build_search_query("injections headaches", SynonymTable([])))) == 2
    single = build_search_query("injections", SynonymTable([["injection", "jab"]]))
    assert concepts(single) == [single]

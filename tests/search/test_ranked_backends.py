"""The ranked database backends (SQLite and PostgreSQL): candidates first, then the queryset's filters."""

import pytest
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from articles.models import ArticlePage
from search.backends.ranked import RankedCompilerMixin
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

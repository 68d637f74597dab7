"""A search's results, count and facets from one statement, as several of Wagtail's calls would give.

The database backends answer ``run_search`` with ``RankedResultsMixin.faceted``;
other backends (Elasticsearch) go through Wagtail's search API, one call for the
results and one for each count (``counted_in_steps``). Both must give the same page.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.backends.ranked import RankedResultsMixin
from search.params import SearchParams
from search.result_types import MODEL_TYPES
from search.run import run_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(make_treatment, make_article):
    """Fourteen pages about peels: treatments and articles with overlapping tags, and index pages."""
    for n in range(6):
        make_treatment(f"Peel {n}", summary="A chemical peel" + " peel" * n, tags=["skin", f"depth {n % 3}"])
        diary_tags = ["skin", "diary"] if n % 2 else []
        make_article(f"Peel diary {n}", intro="My peel, week by week.", tags=diary_tags)
    make_treatment("Microneedling", summary="Sometimes combined with a peel.", tags=["needling"])
    make_article("Aftercare", intro="Caring for skin after a peel or needling.", tags=["needling", "skin"])


def outcome(data):
    found = run_search(SearchParams.from_query_dict(data))
    return {
        "results": [hit.page.pk for hit in found.page],
        "page": found.page.number,
        "count": found.result_count,
        "types": [(facet.value, facet.count, facet.selected) for facet in found.type_facets],
        "tags": [(facet.value, facet.count, facet.selected) for facet in found.tag_facets],
    }


def in_steps(monkeypatch):
    """Make ``run_search`` use Wagtail's API call by call, as it does for backends without ``faceted``.

    The backend is the real database one; only its one-pass capability is switched off.
    """
    monkeypatch.setattr(RankedResultsMixin, "can_count_in_one_pass", lambda results: False)


@pytest.mark.parametrize(
    "data",
    [
        {"q": "peel"},
        {"q": "peel", "page": "2"},
        {"q": "peel", "page": "99"},
        {"q": "peel", "type": "treatment"},
        {"q": "peel", "type": "article", "page": "2"},
        {"q": "peel treatments articles", "type": "page"},
        {"q": "peel", "tag": "skin"},
        {"q": "peel", "tag": "depth-1", "type": "treatment"},
        {"q": "peel", "tag": "diary", "type": "treatment"},
        {"q": "needling skin"},
    ],
)
def test_one_pass_gives_what_the_step_by_step_calls_give(pages, monkeypatch, data):
    """Same results in the same order, same count and page number, same type and tag counts."""
    one_pass = outcome(data)
    in_steps(monkeypatch)
    assert outcome(data) == one_pass
    # Every case finds something, except treatments tagged as diaries.
    assert bool(one_pass["results"]) == (data.get("tag") != "diary")


def test_facets_leave_out_their_own_filter(pages):
    """The type counts ignore the type filter, the tag counts the tag filter; the results obey both."""
    found = outcome({"q": "peel", "type": "treatment", "tag": "skin"})
    assert found["count"] == 6
    assert found["types"] == [("treatment", 6, True), ("article", 4, False)]
    tags = {value: count for value, count, _selected in found["tags"]}
    assert tags == {"skin": 6, "depth-0": 2, "depth-1": 2, "depth-2": 2, "needling": 1}


def test_a_search_is_one_statement_on_the_database_backends(pages):
    """The ranking, the count and every facet come from a single query (not one per count)."""
    outcome({"q": "peel"})
    with CaptureQueriesContext(connection) as captured:
        outcome({"q": "peel", "tag": "skin"})
    searches = [query["sql"] for query in captured.captured_queries if "COUNT(" in query["sql"]]
    assert len(searches) == 1


def test_each_filter_is_tested_once_per_match(pages):
    """Filters are columns of the matches, not conditions repeated in each section (see faceted).

    Repeated, a tag filter's list of tagged pages was built for the results, the count
    and the type counts: three times.
    """
    with CaptureQueriesContext(connection) as captured:
        found = outcome({"q": "peel", "type": "treatment", "tag": "skin"})
    (statement,) = [
        query["sql"] for query in captured.captured_queries if query["sql"].startswith("WITH matches")
    ]
    assert statement.count('"tag_id" =') == len(MODEL_TYPES)  # one list: each tagged model's tags
    assert statement.count("found.content_type_id IN") == 1
    assert found["count"] == 6

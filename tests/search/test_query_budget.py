"""The search page's database queries do not grow with the number of results shown."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ImageFactory


def search_queries(client, query):
    """Queries for one search once Wagtail's site cache is warm, and the number of results shown."""
    client.get("/search/", {"q": query})
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return len(captured.captured_queries), len(response.context["outcome"].page)


def test_search_query_count_does_not_grow_with_results(client, clinic_settings, make_treatment, make_article):
    """A page of 2 results and a full page of 10 (treatments and articles, tagged) cost the same queries.

    Measured: 16 queries on SQLite. The search (8): view restrictions, promotions,
    synonyms, the one statement that ranks the matches and counts them by type and by
    tag (tests/search/test_one_pass.py), the results' content types, the specific pages
    (one query per page type, not per result), the tags' names; the query log (5): a
    savepoint, the report's upsert, Wagtail's query row and its day's hits upsert, the
    release; the layout (3): site, clinic settings, navigation. The ceiling, 18, leaves
    a margin of 2; a query per result would add 8 and fail both checks.
    """
    for n in range(6):
        make_treatment(f"Peel {n}", summary="A chemical peel.", tags=["skin"], hero_image=ImageFactory())
        make_article(f"Peel article {n}", intro="After your peel.", tags=["skin", f"topic {n}"])
    make_treatment("Microneedling", summary="Fine needles and collagen.", tags=["skin"])
    make_article("Collagen explained", intro="What collagen does.", tags=["skin"])

    few, shown_few = search_queries(client, "collagen")
    many, shown_many = search_queries(client, "peel")

    assert (shown_few, shown_many) == (2, 10)
    assert few == many
    assert many <= 18

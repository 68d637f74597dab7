"""Logging queries for SEO staff: one upsert per search, zero-result searches counted."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from search.models import SearchQueryStat

pytestmark = pytest.mark.django_db


def logged():
    return {
        (row.query_string, row.hits, row.zero_result_hits)
        for row in SearchQueryStat.objects.filter(date=timezone.localdate())
    }


def test_searches_are_logged_by_normalised_query_with_zero_results_counted(client, make_treatment):
    """'Peel', ' peel ' and 'PEEL!' are one query; a search that finds nothing counts as a failure."""
    make_treatment("Chemical peel")
    for query in ("Peel", " peel ", "PEEL!", "xylophone"):
        client.get("/search/", {"q": query})
    assert logged() == {("peel", 3, 0), ("xylophone", 1, 1)}


def test_searches_are_counted_as_wagtail_query_hits_for_the_promotion_chooser(
    client, make_treatment, admin_client
):
    """The promotion form's "popular search terms" chooser lists what visitors searched for."""
    make_treatment("Chemical peel")
    for query in ("Peel", "peel", "xylophone"):
        client.get("/search/", {"q": query})
    hits = {query.query_string: query.hits for query in Query.objects.all()}
    assert hits == {"peel": 2, "xylophone": 1}
    chooser = admin_client.get(reverse("wagtailsearchpromotions:chooser"))
    assert chooser.status_code == 200
    assert [query.query_string for query in chooser.context["queries"]] == ["peel", "xylophone"]


def test_recording_a_search_is_one_statement(django_assert_num_queries):
    """The log is an upsert: one query whether or not the row exists."""
    with django_assert_num_queries(1):
        SearchQueryStat.record("botox", 3)
    with django_assert_num_queries(1):
        SearchQueryStat.record("botox", 0)
    assert logged() == {("botox", 2, 1)}


@pytest.mark.parametrize(
    ("params", "headers"),
    [
        ({"q": ""}, {}),
        ({"q": "***"}, {}),
        ({"q": "peel", "page": "2"}, {}),
        ({"q": "peel", "type": "treatment"}, {}),
        ({"q": "peel"}, {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"}),
    ],
)
def test_empty_repeat_filtered_and_bot_searches_are_not_logged(client, make_treatment, params, headers):
    """Only a person's new search counts: not paging, filtering, crawlers or empty queries."""
    make_treatment("Chemical peel")
    client.get("/search/", params, headers=headers)
    assert logged() == set()


def test_searches_by_admin_staff_are_not_logged(client, make_treatment, django_user_model):
    """SEO staff opening a query from the report, or editors trying a search, are not visitors."""
    make_treatment("Chemical peel")
    client.force_login(django_user_model.objects.create_superuser("seo", "seo@example.com", "pw"))
    client.get("/search/", {"q": "peel"})
    assert logged() == set()


def test_the_queries_are_grouped_for_the_report():
    """Top and failing queries sum the days of the period; older days drop out."""
    today = timezone.localdate()
    SearchQueryStat.objects.create(query_string="botox", date=today, hits=4)
    SearchQueryStat.objects.create(query_string="botox", date=today - timezone.timedelta(days=3), hits=2)
    SearchQueryStat.objects.create(query_string="botax", date=today, hits=3, zero_result_hits=3)
    SearchQueryStat.objects.create(query_string="old", date=today - timezone.timedelta(days=10), hits=9)
    week = SearchQueryStat.objects.last_days(7)
    assert [(row["query_string"], row["searches"]) for row in week.top()] == [("botox", 6), ("botax", 3)]
    assert [(row["query_string"], row["failures"]) for row in week.failing()] == [("botax", 3)]
    assert [row["query_string"] for row in week.popular()] == ["botox"]
    assert "old" in {row["query_string"] for row in SearchQueryStat.objects.last_days(30).top()}

"""Routing a path in one query (cms/routing.py) decides as Wagtail's slug-by-slug walk does."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction

from tests.factories import ArticleIndexPageFactory, ArticlePageFactory, TreatmentPageFactory

PASSWORD = "harbour-lane-2026"


def route(path):
    """The page and arguments Wagtail's page view gets for ``path`` (None for a 404)."""
    request = RequestFactory().get(path, HTTP_HOST="localhost")
    return Page.route_for_request(request, path)


def routed_page(path):
    result = route(path)
    return None if result is None else result[0]


def make_alias(page):
    """A live alias of ``page`` beside it (not of a medical page: those are created as drafts)."""
    return page.create_alias(update_slug=f"{page.slug}-alias")


def protect(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )


@pytest.fixture
def article_index(home_page):
    return ArticleIndexPageFactory(parent=home_page)


def test_a_page_four_levels_deep_is_found_and_checked_for_restrictions_in_four_queries(
    treatment, django_assert_num_queries, settings
):
    """Site, its root page's type, the pages on the path with their restrictions, the page's type.

    Wagtail's walk takes eight: a query for each child and for its type, then the
    ancestors again and their view restrictions. (With stored parts on, routing first
    reads the content generation for them: tests/cms/test_stored_parts.py.)
    """
    settings.STORED_PARTS_ENABLED = False
    assert treatment.depth == 4
    path = treatment.url
    with django_assert_num_queries(4):
        page = routed_page(path)
        assert list(page.get_view_restrictions()) == []
    assert page == treatment
    assert type(page) is type(treatment)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_the_pages_on_the_way_are_found_by_index_not_by_reading_every_page(treatment):
    """``url_path`` has no index: the statement finds its rows by slug and tree path instead."""
    with CaptureQueriesContext(connection) as captured:
        routed_page(treatment.url)
    statement = next(query["sql"] for query in captured if "url_path IN" in query["sql"])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {statement}")
        plan = [row[-1] for row in cursor.fetchall()]

    assert not [step for step in plan if step.startswith("SCAN p")], plan


def test_the_page_found_links_to_its_parent_without_a_query(treatment, django_assert_num_queries):
    """The treatment page links to its index (``{% pageurl page.get_parent %}``) from the routing rows."""
    parent = treatment.get_parent()
    parent_url = parent.get_url()
    page = routed_page(treatment.url)
    with django_assert_num_queries(0):
        assert page.get_parent() == parent
        assert page.get_parent().get_url() == parent_url
        assert page.get_parent().title == parent.title


def test_the_home_page_is_served_at_the_root(client, home_page, clinic_settings):
    assert routed_page("/") == home_page
    assert client.get("/").status_code == 200


def test_an_unpublished_page_is_a_404(client, treatment):
    treatment.unpublish()
    assert route(treatment.url) is None
    assert client.get(treatment.url).status_code == 404


def test_a_live_page_under_an_unpublished_ancestor_is_served_as_wagtail_serves_it(treatment):
    """Wagtail checks only the page at the end of the path for being live; so does the shortcut."""
    Page.objects.filter(pk=treatment.get_parent().pk).update(live=False)
    assert routed_page(treatment.url) == treatment
    assert route(treatment.get_parent().url_path.removeprefix("/home")) is None


@pytest.mark.parametrize(
    "path", ["/nope/", "/treatments/nope/", "/treatments/nope/deeper/", "/nope/treatments/"]
)
def test_a_path_with_an_unknown_slug_on_the_way_is_a_404(client, treatment, path):
    assert route(path) is None
    assert client.get(path).status_code == 404


def test_a_path_past_a_page_without_children_is_a_404(client, treatment):
    assert client.get(f"{treatment.url}more/").status_code == 404


def test_a_path_without_its_trailing_slash_is_redirected_to_it(client, treatment):
    response = client.get(treatment.url.rstrip("/"))
    assert response.status_code == 301
    assert response["Location"] == treatment.url


def test_a_redirect_still_answers_a_path_with_no_page(client, treatment):
    Redirect.objects.create(old_path="/old-botox", redirect_page=treatment)
    response = client.get("/old-botox/")
    assert response.status_code == 301
    assert response["Location"] == treatment.url


def test_a_private_ancestor_asks_for_its_password_on_the_page_below(client, treatment):
    """A restriction on the treatment index applies to the treatment, in one query for restrictions."""
    restriction = protect(treatment.get_parent())
    page = routed_page(treatment.url)
    assert list(page.get_view_restrictions()) == [restriction]
    response = client.get(treatment.url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert treatment.title not in response.content.decode()


def test_a_restricted_page_costs_one_query_for_its_restrictions(treatment, django_assert_num_queries):
    restriction = protect(treatment)
    page = routed_page(treatment.url)
    with django_assert_num_queries(1):
        assert list(page.get_view_restrictions()) == [restriction]


def test_an_alias_of_a_private_page_asks_for_the_source_page_password(
    client, treatment_index, clinic_settings
):
    """An alias has no restrictions of its own: its source page's apply (Wagtail's rule)."""
    restriction = protect(treatment_index)
    alias = make_alias(treatment_index)
    page = routed_page(alias.url)
    assert page.pk == alias.pk
    assert list(page.get_view_restrictions()) == [restriction]
    assert 'name="password"' in client.get(alias.url).content.decode()


def test_an_alias_of_a_public_page_is_served(client, treatment_index, clinic_settings):
    alias = make_alias(treatment_index)
    assert routed_page(alias.url).pk == alias.pk
    assert client.get(alias.url).status_code == 200


def test_the_article_index_keeps_its_tag_pages_and_feed(article_index):
    ArticlePageFactory(parent=article_index, tags=["migraine"])
    for path, view_name in [("/articles/", "index_route"), ("/articles/feed/", "feed_route")]:
        page, (view, _args, _kwargs), _route_kwargs = route(path)
        assert page == article_index
        assert view.__name__ == view_name
    page, (view, _args, kwargs), _kwargs = route("/articles/tags/migraine/")
    assert (page, view.__name__, kwargs) == (article_index, "tag_route", {"tag_slug": "migraine"})


def test_an_article_under_the_index_is_found_past_its_routes(client, article_index, clinic_settings):
    article = ArticlePageFactory(parent=article_index)
    assert routed_page(article.url) == article
    assert client.get(article.url).status_code == 200


def test_the_index_route_wins_over_a_child_page_of_the_same_slug(article_index):
    """As in Wagtail: a routable page's own paths come before its children's slugs."""
    ArticlePageFactory(parent=article_index, slug="feed")
    page, (view, _args, _kwargs), _route_kwargs = route("/articles/feed/")
    assert (page, view.__name__) == (article_index, "feed_route")


def test_an_unpublished_article_index_has_no_routes(article_index):
    article_index.unpublish()
    assert route("/articles/feed/") is None
    assert route("/articles/") is None


def test_a_stale_url_path_falls_back_to_wagtails_walk(treatment_index, clinic_settings):
    """A row whose url_path no longer matches its slug is not taken for the page at that path."""
    first = TreatmentPageFactory(parent=treatment_index, slug="first")
    TreatmentPageFactory(parent=treatment_index, slug="second")
    Page.objects.filter(pk=first.pk).update(url_path="/home/treatments/third/")
    assert route("/treatments/third/") is None
    assert routed_page("/treatments/second/").slug == "second"

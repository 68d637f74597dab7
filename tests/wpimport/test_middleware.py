"""WordPress ``?p=ID`` addresses at the site root redirect to the imported page, page cache or not."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, modify_settings
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from articles.models import ArticlePage
from cms.cache import HEADER
from tests.factories import ArticleIndexPageFactory, HomePageFactory

pytestmark = pytest.mark.django_db

MIDDLEWARE = "wpimport.middleware.PostIdRedirectMiddleware"


@pytest.fixture(params=[False, True], ids=["no page cache", "page cache"])
def page_cache(request, settings):
    """Each test twice: with the page cache off (as tests have it) and on (as production has it), empty."""
    settings.PAGE_CACHE_ENABLED = request.param
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def article_index(home_page, clinic_settings):
    return ArticleIndexPageFactory(parent=home_page, title="Articles", slug="articles")


@pytest.fixture
def warm_home(client, home_page, page_cache):
    """The home page served once, so with the page cache on it is stored before the ``?p=`` request."""
    assert client.get("/").status_code == 200


def test_post_id_at_the_root_redirects_permanently_to_the_page(client, article_index, warm_home):
    """``/?p=12`` answers 301 with the redirect's page, not the (cached) home page."""
    Redirect.objects.create(old_path="/?p=12", redirect_page=article_index, is_permanent=True)
    response = client.get("/?p=12")
    assert response.status_code == 301
    assert response["Location"] == article_index.url
    assert HEADER not in response


def test_a_head_request_redirects_too(client, article_index, warm_home):
    Redirect.objects.create(old_path="/?p=12", redirect_page=article_index, is_permanent=True)
    assert client.head("/?p=12").status_code == 301


def test_a_temporary_redirect_to_a_link_answers_302(client, home_page, warm_home):
    Redirect.objects.create(old_path="/?p=7", redirect_link="https://elsewhere.example/", is_permanent=False)
    response = client.get("/?p=7")
    assert response.status_code == 302
    assert response["Location"] == "https://elsewhere.example/"


def test_other_parameters_and_leading_zeros_are_ignored(client, article_index, warm_home):
    """A shared old link with tracking parameters, or ``p=012``, finds the redirect of ``/?p=12``."""
    Redirect.objects.create(old_path="/?p=12", redirect_page=article_index, is_permanent=True)
    for url in ("/?utm_source=mail&p=12", "/?p=012", "/?p=abc&p=12"):
        assert client.get(url)["Location"] == article_index.url, url


def test_a_post_id_under_a_path_redirects_before_the_page_answers(client, article_index, page_cache):
    """An old site that lived under /articles/: ``/articles/?p=5`` is not the article index any more."""
    Redirect.objects.create(
        old_path="/articles?p=5", redirect_page=article_index.get_parent(), is_permanent=True
    )
    response = client.get("/articles/?p=5")
    assert response.status_code == 301
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    "query", ["p=abc", "p=", "p", "p=12abc", "p=-3", "p=1.5", "p=%D9%A1", "p=" + "9" * 21, "p=99"]
)
def test_anything_else_is_the_page_at_that_path(client, home_page, clinic_settings, warm_home, query):
    """Not a post ID, or a post ID without a redirect: the home page as usual."""
    Redirect.objects.create(old_path="/?p=12", redirect_link="/elsewhere/", is_permanent=True)
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert response.context is None or response.context.get("page") in (None, home_page)
    assert b"<html" in response.content


def test_a_post_request_is_never_redirected(client, home_page, warm_home):
    Redirect.objects.create(old_path="/?p=12", redirect_link="/elsewhere/", is_permanent=True)
    assert client.post("/?p=12").status_code != 301


def test_the_admins_page_numbers_are_never_taken_for_post_ids(admin_client, home_page, warm_home):
    """Admin listings number their pages with ``?p=``; a redirect recorded for one is not looked up."""
    Redirect.objects.create(old_path="/admin/pages/?p=2", redirect_link="/elsewhere/", is_permanent=True)
    assert admin_client.get("/admin/pages/?p=2").status_code == 200


def test_a_redirect_for_another_site_is_not_used(client, home_page, warm_home):
    other_root = HomePageFactory(parent=home_page.get_parent(), slug="other")
    other = Site.objects.create(hostname="other.example", root_page=other_root)
    Redirect.objects.create(old_path="/?p=12", site=other, redirect_link="/elsewhere/", is_permanent=True)
    assert client.get("/?p=12").status_code == 200
    assert client.get("/?p=12", headers={"host": "other.example"})["Location"] == "/elsewhere/"


def test_this_sites_redirect_wins_over_one_for_every_site(client, home_page, article_index, warm_home):
    site = Site.objects.get(is_default_site=True)
    Redirect.objects.create(old_path="/?p=12", site=None, redirect_link="/everywhere/", is_permanent=True)
    Redirect.objects.create(old_path="/?p=12", site=site, redirect_page=article_index, is_permanent=True)
    assert client.get("/?p=12")["Location"] == article_index.url


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


@pytest.mark.parametrize("url", ["/", "/?utm_source=mail", "/?page=2"])
def test_a_request_without_p_costs_no_query(client, home_page, clinic_settings, page_cache, url):
    """The same queries with the middleware as without it; with the page cache, a hit is still one query."""
    client.get(url)
    with_middleware = queries_for(client, url)
    with modify_settings(MIDDLEWARE={"remove": MIDDLEWARE}):
        without_middleware = queries_for(client, url)
    assert with_middleware == without_middleware
    if page_cache:
        assert with_middleware == 1


def test_an_imported_posts_old_id_lands_on_its_new_page(run_import, client, page_cache):
    """After an import, ``/?p=202`` leads to the article post 202 became, and it shows."""
    run_import("--publish")
    page = ArticlePage.objects.get(slug="sleep-and-headaches")
    assert client.get("/").status_code == 200
    response = client.get("/?p=202", follow=True)
    assert response.redirect_chain == [(page.url, 301)]
    assert response.status_code == 200
    assert response.context["page"] == page

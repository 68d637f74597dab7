"""The chrome's pages (cms/navigation.py) and their URLs (cms/page_urls.py).

The primary navigation and the breadcrumb trail read their pages together, in one
query a request, and build links from ``url_path``: these tests hold them to what
Wagtail's own queries and ``get_url`` give, and to their query budget.
"""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site, get_page_models

from cms.page_urls import PageUrls
from tests.factories import ArticleIndexPageFactory, TreatmentPageFactory

HEADER_AND_TRAIL = Template(
    "{% load clinic_tags %}"
    "{% primary_nav as nav_items %}{% for item in nav_items %}"
    '<a class="nav" href="{{ item.url }}" data-current="{{ item.current }}">{{ item.title }}</a>'
    "{% endfor %}{% breadcrumbs page %}"
)


def render_chrome(page, host="localhost"):
    request = RequestFactory().get(page.url or "/", HTTP_HOST=host)
    return BeautifulSoup(HEADER_AND_TRAIL.render(Context({"page": page, "request": request})), "html.parser")


def nav_links(soup):
    return [(link["href"], link.get_text(), link["data-current"]) for link in soup.select("a.nav")]


def trail_links(soup):
    return [(link["href"], link.get_text()) for link in soup.select("nav.breadcrumbs a")]


@pytest.fixture
def tree(treatment_index, clinic_settings):
    """Home > Treatments (in the menu) > Skin (not live) > Peel; Articles in the menu; Team not."""
    treatment_index.show_in_menus = True
    treatment_index.save()
    articles = ArticleIndexPageFactory(parent=treatment_index.get_parent(), show_in_menus=True)
    ArticleIndexPageFactory(parent=treatment_index.get_parent(), title="Team", slug="team")
    hidden_draft = ArticleIndexPageFactory(parent=treatment_index.get_parent(), title="Draft", slug="draft")
    hidden_draft.show_in_menus = True
    hidden_draft.live = False
    hidden_draft.save()
    skin = ArticleIndexPageFactory(parent=treatment_index, title="Skin", slug="skin")
    skin.live = False
    skin.save()
    peel = TreatmentPageFactory(parent=skin, title="Peel", slug="peel")
    return {"treatments": treatment_index, "articles": articles, "skin": skin, "peel": peel}


class TestNavigationAndTrail:
    def test_menu_lists_live_menu_pages_in_tree_order_and_marks_the_current_section(self, tree):
        """As Wagtail's get_children().live().in_menu(): no page left out of menus, no draft."""
        soup = render_chrome(tree["peel"])
        assert nav_links(soup) == [("/treatments/", "Treatments", "true"), ("/articles/", "Articles", "")]
        assert nav_links(render_chrome(tree["articles"]))[1] == ("/articles/", "Articles", "page")

    def test_trail_runs_through_every_ancestor_live_or_not(self, tree):
        """As page.get_ancestors(): a page is served under an unpublished parent, so the trail shows it."""
        assert trail_links(render_chrome(tree["peel"])) == [
            ("/", "Home"),
            ("/treatments/", "Treatments"),
            ("/treatments/skin/", "Skin"),
            ("/treatments/skin/peel/", "Peel"),
        ]

    def request_as_the_page_view_leaves_it(self, page):
        """A request whose site the page view has looked up, with Wagtail's site root paths cached."""
        request = RequestFactory().get(page.url)
        assert Site.find_for_request(request).root_page is not None
        Site.get_site_root_paths()
        return request

    def test_menu_and_a_depth_four_trail_cost_one_query(self, tree):
        """Both read together; Wagtail's queries took one each, and a model per page."""
        page = Page.objects.get(pk=tree["peel"].pk).specific
        request = self.request_as_the_page_view_leaves_it(page)
        with CaptureQueriesContext(connection) as queries:
            soup = BeautifulSoup(
                HEADER_AND_TRAIL.render(Context({"page": page, "request": request})), "html.parser"
            )
        assert len(queries) == 1
        assert len(nav_links(soup)) == 2 and len(trail_links(soup)) == 4

    def test_a_trail_alone_costs_one_query(self, tree):
        page = tree["peel"]
        request = self.request_as_the_page_view_leaves_it(page)
        template = Template("{% load clinic_tags %}{% breadcrumbs page %}")
        with CaptureQueriesContext(connection) as queries:
            html = template.render(Context({"page": page, "request": request}))
        assert len(queries) == 1
        assert "/treatments/skin/peel/" in html


def test_a_page_render_reads_the_clinic_settings_once(client, tree):
    """The head, the header, the footer and the JSON-LD share one read of the clinic's details."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(tree["treatments"].url).status_code == 200
    assert sum('"cms_clinicsettings"' in query["sql"] for query in queries.captured_queries) == 1


class TestPageUrls:
    def test_no_page_type_builds_its_url_its_own_way(self):
        """PageUrls follows Wagtail's get_url_parts; a page type overriding it would need its own links."""
        for model in get_page_models():
            for method in ("get_url_parts", "get_url", "get_full_url"):
                assert getattr(model, method) is getattr(Page, method), f"{model.__name__}.{method}"

    @pytest.fixture
    def two_sites(self, tree):
        """A second site, on its own host, whose root is the articles index (so it is on both sites)."""
        Site.objects.create(hostname="articles.example.com", port=80, root_page=tree["articles"])
        return [*Page.objects.filter(depth__gt=1)]

    @pytest.mark.parametrize("host", ["localhost", "articles.example.com", "unknown.example.com"])
    def test_urls_are_wagtails_on_every_site(self, two_sites, host):
        request = RequestFactory().get("/", HTTP_HOST=host)
        urls = PageUrls(request)
        for page in two_sites:
            assert urls.url(page.url_path) == page.get_url(RequestFactory().get("/", HTTP_HOST=host))
            assert urls.full_url(page.url_path) == page.get_full_url(request)

    def test_without_a_request(self, two_sites):
        urls = PageUrls()
        for page in two_sites:
            assert (urls.url(page.url_path), urls.full_url(page.url_path)) == (
                page.get_url(),
                page.get_full_url(),
            )

    def test_a_page_outside_every_site_has_no_url(self, tree):
        assert PageUrls().url("/elsewhere/page/") is None

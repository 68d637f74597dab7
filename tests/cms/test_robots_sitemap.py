"""robots.txt, sitemap.xml and redirects: what crawlers are told, and moved pages still being found."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    TreatmentPageFactory,
    publish_signed_off,
)

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    # Our own sitemap, parsed in a test: not untrusted input.
    root = ET.fromstring(response.content)  # noqa: S314
    return {loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)}


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    """robots.txt is plain text, disallows /admin/ and gives the sitemap's absolute address."""
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines == ["User-agent: *", "Disallow: /admin/", "Sitemap: http://testserver/sitemap.xml"]


def test_robots_txt_refuses_writes(client):
    assert client.post("/robots.txt").status_code == 405


def test_sitemap_lists_live_indexable_pages_only(client, home_page, treatment_index):
    """Live public pages are listed; drafts, private pages and no-index pages are not."""
    article_index = ArticleIndexPageFactory(parent=home_page)
    TreatmentPageFactory(parent=treatment_index, slug="botox")
    ArticlePageFactory(parent=article_index, slug="live-article")
    ArticlePageFactory(parent=article_index, slug="draft-article", live=False)
    ArticlePageFactory(parent=article_index, slug="hidden-article", no_index=True)
    TreatmentPageFactory(parent=treatment_index, slug="hidden-treatment", no_index=True)
    private = ArticlePageFactory(parent=article_index, slug="private-article")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert sitemap_urls(client) == {
        "http://localhost/",
        "http://localhost/treatments/",
        "http://localhost/treatments/botox/",
        "http://localhost/articles/",
        "http://localhost/articles/live-article/",
    }


def test_redirect_objects_send_old_addresses_to_the_page(client, home_page):
    """A redirect made by SEO staff sends visitors from an old address to the page, permanently."""
    article_index = ArticleIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=article_index, slug="botox-and-migraine")
    Redirect.add_redirect("/blog/botox-migraine.html", redirect_to=article)

    response = client.get("/blog/botox-migraine.html")

    assert response.status_code == 301
    assert response["Location"] == "/articles/botox-and-migraine/"


@pytest.mark.parametrize("change", ["slug", "move"])
def test_renamed_or_moved_pages_keep_their_old_address(
    client, home_page, django_capture_on_commit_callbacks, change
):
    """Changing a published page's slug, or moving it, leaves a redirect from its old address.

    Wagtail makes these redirects itself (WAGTAILREDIRECTS_AUTO_CREATE, on by default);
    the slug change signal fires on commit, so the test runs commit callbacks.
    """
    article_index = ArticleIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=article_index, slug="old-slug")
    old_url = article.url
    if change == "slug":
        article.slug = "new-slug"
        with django_capture_on_commit_callbacks(execute=True):
            publish_signed_off(article)
    else:
        new_parent = ArticleIndexPageFactory(parent=home_page, slug="news", title="News")
        article.move(new_parent, pos="last-child")
    article.refresh_from_db()

    response = client.get(old_url)

    assert old_url != article.url
    assert response.status_code == 301
    assert response["Location"].endswith(article.url)

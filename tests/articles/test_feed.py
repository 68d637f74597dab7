"""The RSS feed at <index>/feed/: well-formed, live public articles only, newest first, absolute links."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory, StaffAuthorFactory


@pytest.fixture
def feed(client, article_index):
    """Fetch and parse the feed; returns (response, channel element)."""

    def fetch():
        response = client.get(f"{article_index.url}feed/")
        # Our own feed, parsed in a test: not untrusted input.
        return response, ET.fromstring(response.content).find("channel")  # noqa: S314

    return fetch


def dated(article_index, title, days_ago, **kwargs):
    date = datetime.date(2026, 6, 30) - datetime.timedelta(days=days_ago)
    return ArticlePageFactory(parent=article_index, title=title, date=date, **kwargs)


def test_feed_lists_live_public_articles_newest_first(feed, article_index):
    """Drafts and private articles are left out; the rest come newest first."""
    dated(article_index, "Older", 10)
    dated(article_index, "Newer", 1)
    dated(article_index, "Draft", 0, live=False)
    private = dated(article_index, "Private", 0)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response, channel = feed()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert [item.findtext("title") for item in channel.iter("item")] == ["Newer", "Older"]


def test_feed_items_carry_absolute_links_dates_authors_and_tags(feed, article_index):
    """Each item links absolutely to its article and gives its date, author and tags."""
    author = StaffAuthorFactory(name="Priya Shah", credentials="")
    article = dated(
        article_index, "Sleep and migraine", 3, tags=["sleep"], clinician_author=None, staff_author=author
    )

    _response, channel = feed()

    item = channel.find("item")
    assert channel.findtext("link") == "http://localhost/articles/"
    assert item.findtext("link") == article.get_full_url() == "http://localhost/articles/sleep-and-migraine/"
    assert item.findtext("description") == article.intro
    assert item.findtext("pubDate").startswith("Sat, 27 Jun 2026")
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Priya Shah"
    assert [category.text for category in item.iter("category")] == ["sleep"]


def test_feed_of_an_empty_blog_is_still_valid(feed):
    """No articles yet gives a well-formed feed with no items."""
    response, channel = feed()

    assert response.status_code == 200
    assert channel.findtext("title") == "Articles"
    assert channel.find("item") is None


def test_feed_text_is_escaped_once_and_reads_back_exactly(feed, article_index):
    """Titles and descriptions are plain text: XML-escaped once, so readers show them as typed."""
    article_index.title = "Café & clinic's <news>"
    article_index.intro = "Tips > myths & what's <new> at the Café"
    article_index.save()
    title = "How it works & FAQs: Botox <script>alert(1)</script>, what's > filler? Café"
    intro = "Fillers & Botox: what's <b>safe</b>, 1 < 2 > 0, soirée at the Café."
    dated(article_index, title, 0, intro=intro)

    response, channel = feed()

    assert b"<script>" not in response.content
    assert channel.findtext("title") == "Café & clinic's <news>"
    assert channel.findtext("description") == "Tips > myths & what's <new> at the Café"
    item = channel.find("item")
    assert item.findtext("title") == title
    assert item.findtext("description") == intro

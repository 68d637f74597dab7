"""Articles on other pages: a treatment's related articles and the home page's latest articles."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from articles.models import ArticlePage
from tests.factories import ArticlePageFactory, ImageFactory, TreatmentPageFactory


@pytest.fixture
def treatment(treatment_index):
    treatment = TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraine")
    treatment.tags.add("migraine", "botox")
    treatment.save()
    return treatment


def article(article_index, title, days_ago=0, **kwargs):
    date = datetime.date(2026, 6, 30) - datetime.timedelta(days=days_ago)
    return ArticlePageFactory(parent=article_index, title=title, date=date, **kwargs)


def related_titles(treatment, limit=4):
    return [a.title for a in ArticlePage.objects.related_to(treatment, limit)]


def test_articles_naming_the_treatment_come_first(article_index, treatment):
    """Articles naming the treatment lead; then those sharing most tags; newest first within each."""
    article(article_index, "Shares one tag, newest", 0, tags=["migraine"])
    article(article_index, "Shares two tags", 5, tags=["migraine", "botox"])
    article(article_index, "Names it, older", 9, related_treatments=[treatment])
    article(article_index, "Names it, newer", 3, related_treatments=[treatment])
    article(article_index, "Unrelated", 0, tags=["sleep"])

    assert related_titles(treatment) == [
        "Names it, newer",
        "Names it, older",
        "Shares two tags",
        "Shares one tag, newest",
    ]


def test_related_articles_are_capped_live_and_public(article_index, treatment):
    """At most four, and never a draft or a private article."""
    for n in range(6):
        article(article_index, f"Tagged {n}", n, tags=["migraine"])
    article(article_index, "Draft", 0, live=False, related_treatments=[treatment])
    private = article(article_index, "Private", 0, related_treatments=[treatment])
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert related_titles(treatment) == ["Tagged 0", "Tagged 1", "Tagged 2", "Tagged 3"]


def test_articles_below_a_restricted_page_are_not_listed(article_index, treatment):
    """A view restriction on the blog hides every article under it, as on its own page."""
    article(article_index, "Names it", related_treatments=[treatment])
    PageViewRestriction.objects.create(page=article_index, restriction_type="login")

    assert related_titles(treatment) == []


def test_treatment_page_lists_its_related_articles(client, article_index, treatment):
    """The treatment page shows its related articles under their own heading."""
    article(article_index, "Your first Botox appointment", related_treatments=[treatment])

    html = client.get(treatment.url).content.decode()

    assert "Related articles" in html
    assert "Your first Botox appointment" in html


def test_treatment_without_related_articles_shows_no_empty_section(client, article_index, treatment):
    assert "Related articles" not in client.get(treatment.url).content.decode()


def treatment_page_queries(client, treatment):
    client.get(treatment.url)  # first render makes the image renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(treatment.url).status_code == 200
    return len(queries)


def test_treatment_query_count_does_not_grow_with_links_and_tags(client, article_index, treatment_index):
    """One related article and tag, or four articles sharing five tags, take the same queries."""
    few = TreatmentPageFactory(parent=treatment_index)
    few.tags.add("one")
    few.save()
    article(article_index, "Only one", tags=["one"], hero_image=ImageFactory())
    many = TreatmentPageFactory(parent=treatment_index)
    many.tags.add("a", "b", "c", "d", "e")
    many.save()
    for n in range(4):
        article(article_index, f"Many {n}", n, tags=["a", "b", "c"], hero_image=ImageFactory())
    article(article_index, "Names it", related_treatments=[many], hero_image=ImageFactory())

    assert treatment_page_queries(client, few) == treatment_page_queries(client, many)


def test_home_page_shows_the_latest_three_articles(client, home_page, article_index):
    """The home page's strip shows the three newest live articles and links to the rest."""
    for n in range(4):
        article(article_index, f"Article {n} days old", n)
    article(article_index, "Unpublished", 0, live=False)

    html = client.get(home_page.url).content.decode()

    assert "Latest articles" in html
    assert [title for title in ("Article 0", "Article 1", "Article 2", "Article 3") if title in html] == [
        "Article 0",
        "Article 1",
        "Article 2",
    ]
    assert "Unpublished" not in html
    assert f'href="{article_index.url}"' in html


def test_home_page_without_a_blog_shows_no_strip(client, home_page):
    """No article index yet: no empty 'Latest articles' heading."""
    assert "Latest articles" not in client.get(home_page.url).content.decode()

"""Articles' cards in listings: what they show, and queries that do not grow with the number of cards."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from articles.models import ArticlePage
from tests.factories import (
    ArticlePageFactory,
    ClinicianFactory,
    ImageFactory,
    StaffAuthorFactory,
    TreatmentPageFactory,
)


@pytest.fixture
def treatment(treatment_index):
    treatment = TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraine")
    treatment.tags.add("migraine")
    treatment.save()
    return treatment


def illustrated_articles(article_index, count, first=0, **kwargs):
    """``count`` articles, each with its own image and tags, by a clinician and a member of staff in turn."""
    staff = StaffAuthorFactory(name="Priya Shah", credentials="")
    for n in range(first, first + count):
        author = {"staff_author": staff, "clinician_author": None} if n % 2 else {}
        ArticlePageFactory(
            parent=article_index,
            title=f"Illustrated {n}",
            date=datetime.date(2026, 6, 30) - datetime.timedelta(days=n),
            hero_image=ImageFactory(),
            tags=["migraine", f"topic {n}"],
            **author,
            **kwargs,
        )


def render(extra_context, source):
    """``source`` rendered for a request to the default site once image renditions exist, and its queries."""
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    template = Template("{% load article_tags %}" + source)
    template.render(Context({"request": request, **extra_context}))  # makes the image renditions
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"request": request, **extra_context}))
    return html, len(queries)


def card_titles(html):
    return [link.get_text() for link in BeautifulSoup(html, "html.parser").select(".card__title a")]


def test_related_articles_take_three_queries_however_many_cards(article_index, treatment):
    """The ranked articles (links, shared tags, live and restrictions in one), the cards, their renditions.

    Four or eight cards, each with its own image and author: a query per card (its image,
    renditions, author or address) would make the counts differ.
    """
    illustrated_articles(article_index, 8, related_treatments=[treatment])
    context = {"treatment": treatment}

    four_html, four = render(context, "{% related_articles treatment 4 %}")
    eight_html, eight = render(context, "{% related_articles treatment 8 %}")

    assert len(card_titles(four_html)) == 4
    assert len(card_titles(eight_html)) == 8
    assert four == eight == 3


def test_treatment_without_related_articles_takes_one_query(article_index, treatment):
    """With nothing naming the treatment or sharing its tags, only the ranking statement runs."""
    ArticlePageFactory(parent=article_index, tags=["sleep"])

    html, queries = render({"treatment": treatment}, "{% related_articles treatment %}")

    assert "Related articles" not in html
    assert queries == 1


def test_latest_articles_take_the_same_queries_for_one_card_or_six(article_index):
    """The blog, the cards, their renditions: view restrictions are tested inside the first two."""
    illustrated_articles(article_index, 6)

    one_html, one = render({}, "{% latest_articles 1 %}")
    six_html, six = render({}, "{% latest_articles 6 %}")

    assert card_titles(one_html) == ["Illustrated 0"]
    assert len(card_titles(six_html)) == 6
    assert one == six == 3


def test_feed_queries_do_not_grow_with_its_items(client, article_index):
    """The feed's items (their dates of last publication too) come with the listing's queries."""
    illustrated_articles(article_index, 2)
    client.get(f"{article_index.url}feed/")
    with CaptureQueriesContext(connection) as two:
        client.get(f"{article_index.url}feed/")
    illustrated_articles(article_index, 4, first=2)
    client.get(f"{article_index.url}feed/")
    with CaptureQueriesContext(connection) as six:
        response = client.get(f"{article_index.url}feed/")

    assert response.content.decode().count("<item>") == 6
    assert len(two) == len(six)


def test_a_card_shows_the_article_with_its_picture_author_and_tag_links(client, article_index):
    """Title linked to the article, date, author with credentials, intro, picture; tags link to listings."""
    clinician = ClinicianFactory(name="Dr Eleanor Marsh", credentials="MBBS")
    article = ArticlePageFactory(
        parent=article_index,
        title="Keeping a headache diary",
        date=datetime.date(2026, 9, 2),
        intro="A few notes a day show patterns.",
        clinician_author=clinician,
        hero_image=ImageFactory(description="A notebook and pen", file__width=1200, file__height=800),
        tags=["migraine", "sleep"],
    )

    card = BeautifulSoup(client.get(article_index.url).content, "html.parser").select_one(".card")

    assert card.select_one(".card__title a")["href"] == article.url
    assert card.select_one(".card__title a").get_text() == "Keeping a headache diary"
    assert card.select_one("time")["datetime"] == "2026-09-02"
    assert card.select_one("time").get_text() == "2 September 2026"
    assert "· Dr Eleanor Marsh, MBBS" in card.select_one(".muted").get_text()
    assert card.select_one(".card__summary").get_text() == "A few notes a day show patterns."
    image = card.select_one(".card__image img")
    assert image["alt"] == "A notebook and pen"
    assert [entry.split()[-1] for entry in image["srcset"].split(", ")] == ["480w", "960w"]
    assert {(chip.get_text(), chip["href"]) for chip in card.select("a.chip")} == {
        ("migraine", f"{article_index.url}tags/migraine/"),
        ("sleep", f"{article_index.url}tags/sleep/"),
    }


def test_cards_elsewhere_list_no_tags(client, home_page, article_index):
    """The home page's latest articles show no tag chips: those belong to the article index."""
    ArticlePageFactory(parent=article_index, tags=["migraine"])

    html = client.get(home_page.url).content.decode()

    assert "Latest articles" in html
    assert "tags/migraine/" not in html


def test_related_articles_follow_a_previewed_treatments_tags(article_index, treatment):
    """A preview ranks by the tags in the editor's unsaved copy, not the saved ones."""
    ArticlePageFactory(parent=article_index, title="About sleep", tags=["sleep"])
    ArticlePageFactory(parent=article_index, title="About migraine", tags=["migraine"])
    treatment.tags.set(["sleep"])  # held in memory until the page is saved

    assert [article.title for article in ArticlePage.objects.related_to(treatment, 4)] == ["About sleep"]

"""An article's header and BlogPosting give its real dates and name its clinician author by profile."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.factories import ArticlePageFactory, ClinicianFactory, StaffAuthorFactory
from tests.team.pages import add_team_page


def soup_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def blog_posting(soup):
    documents = [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]
    return next(document for document in documents if document.get("@type") == "BlogPosting")


def visible_text(element):
    return " ".join(element.get_text(" ").split())


@pytest.fixture
def old_article(article_index, clinic_settings):
    """An article first published in 2019, brought onto the site (and so published) today."""
    article = ArticlePageFactory(
        parent=article_index,
        date=datetime.date(2019, 7, 1),
        clinician_author=ClinicianFactory(name="Dr Amara Okafor"),
    )
    article.save_revision().publish()
    return article


def test_an_old_article_says_when_it_was_first_published_and_updated(client, old_article):
    """Its own date is the first publication; today's publish is the update, in header and JSON-LD."""
    soup = soup_of(client, old_article)
    today = timezone.localdate()
    line = soup.find(class_="provenance")
    assert visible_text(line) == f"First published 1 July 2019 · Updated {today:%-d %B %Y}"
    node = blog_posting(soup)
    assert (node["datePublished"], node["dateModified"]) == ("2019-07-01", today.isoformat())


def test_an_article_published_on_its_date_is_not_also_updated(client, article_index, clinic_settings):
    article = ArticlePageFactory(parent=article_index)
    article.save_revision().publish()
    line = soup_of(client, article).find(class_="provenance")
    assert visible_text(line) == f"First published {timezone.localdate():%-d %B %Y}"


def test_a_clinician_author_links_to_their_profile(client, old_article, home_page):
    """With a team page, the byline links to the profile and the author carries its Physician @id."""
    add_team_page(home_page)
    soup = soup_of(client, old_article)
    byline = soup.find("header", class_="page-header").find(class_="review")
    assert byline.a["href"] == "/team/amara-okafor/"
    author = blog_posting(soup)["author"]
    assert author["@id"] == "http://localhost/team/amara-okafor/#physician"
    assert author["name"] == "Dr Amara Okafor"


def test_a_staff_author_has_no_profile_link(client, article_index, clinic_settings, home_page):
    add_team_page(home_page)
    article = ArticlePageFactory(
        parent=article_index, clinician_author=None, staff_author=StaffAuthorFactory()
    )
    article.save_revision().publish()
    soup = soup_of(client, article)
    assert soup.find("header", class_="page-header").find(class_="review").a is None
    assert "@id" not in blog_posting(soup)["author"]

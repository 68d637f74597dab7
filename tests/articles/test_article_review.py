"""Articles that discuss a treatment, or are marked medical, show and declare their medical review."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.factories import ArticlePageFactory, ClinicianFactory, TreatmentPageFactory
from tests.team.pages import add_team_page


@pytest.fixture
def reviewer(db):
    return ClinicianFactory(name="Dr Eleanor Marsh", credentials="MBBS, MRCP")


def reviewed_article(article_index, reviewer, **fields):
    """A live article with a current review by ``reviewer``."""
    return ArticlePageFactory(
        parent=article_index,
        reviewed_by=reviewer,
        last_reviewed=timezone.localdate() - datetime.timedelta(days=10),
        next_review_due=timezone.localdate() + datetime.timedelta(days=355),
        **fields,
    )


def page_of(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    documents = [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]
    posting = next(document for document in documents if document.get("@type") == "BlogPosting")
    return soup, posting["mainEntityOfPage"]


def review_lines(soup):
    return [line for line in soup.select(".page-header .review") if "review" in line.get_text().lower()]


def test_an_article_about_a_treatment_shows_its_review_linked_to_the_reviewer(
    client, article_index, treatment_index, reviewer, home_page, clinic_settings
):
    """The review line links to the reviewer's profile; the page's JSON-LD names them by its @id."""
    add_team_page(home_page)
    article = reviewed_article(
        article_index, reviewer, related_treatments=[TreatmentPageFactory(parent=treatment_index)]
    )
    soup, web_page = page_of(client, article)

    [line] = review_lines(soup)
    assert "Medically reviewed by Dr Eleanor Marsh, MBBS, MRCP" in " ".join(line.get_text().split())
    assert line.a["href"] == "/team/eleanor-marsh/"
    assert web_page["lastReviewed"] == article.last_reviewed.isoformat()
    assert web_page["reviewedBy"]["@id"] == "http://localhost/team/eleanor-marsh/#physician"
    assert web_page["reviewedBy"]["name"] == "Dr Eleanor Marsh"


def test_an_article_marked_medical_shows_its_review(client, article_index, reviewer, clinic_settings):
    article = reviewed_article(article_index, reviewer, medical_content=True)
    soup, web_page = page_of(client, article)
    assert len(review_lines(soup)) == 1
    assert web_page["reviewedBy"]["name"] == "Dr Eleanor Marsh"  # no team page: a plain Person
    assert "@id" not in web_page["reviewedBy"]


def test_an_article_that_needs_no_review_claims_none(client, article_index, clinic_settings):
    article = ArticlePageFactory(parent=article_index)
    soup, web_page = page_of(client, article)
    assert not review_lines(soup)
    assert "reviewedBy" not in web_page and "lastReviewed" not in web_page

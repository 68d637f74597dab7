"""The demo articles from ``manage.py load_demo_content``: complete, linked, SEO-clean, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import ArticleIndexPage, ArticlePage
from cms.seo import build_report
from treatments.models import TreatmentPage


def load():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db, media_root):
    return load()


def test_at_least_eight_tagged_articles_by_named_authors(demo):
    """The blog holds eight or more live articles, each tagged, dated, introduced and with an author."""
    articles = ArticlePage.objects.live()

    assert ArticleIndexPage.objects.live().count() == 1
    assert articles.count() >= 8
    for article in articles:
        article.full_clean()
        article.body.stream_block.clean(article.body)
        assert article.tags.exists() and article.author and article.intro, article.title
    assert articles.filter(staff_author__isnull=False).exists()


def test_botox_for_migraine_article_covers_the_questions_and_links_the_treatment(demo):
    """The Botox article explains how it works, how often and who it suits, answers questions, and links."""
    article = ArticlePage.objects.get(slug="botox-for-chronic-migraine-what-to-expect")
    treatment = TreatmentPage.objects.get(slug="botox-for-chronic-migraine")
    text = " ".join(str(block.value) for block in article.body if block.block_type == "rich_text")

    assert list(article.related_treatments.all()) == [treatment]
    assert all(heading in text for heading in ("How it works", "How often", "Who it is for"))
    assert len(article.faq_items()) >= 3
    assert "ask-provider" in {block.value["kind"] for block in article.body if block.block_type == "callout"}


def test_demo_articles_appear_on_the_home_and_treatment_pages(client, demo):
    """The home page's strip and the Botox treatment page both show demo articles."""
    home = client.get("/").content.decode()
    treatment = client.get("/treatments/botox-for-chronic-migraine/").content.decode()

    assert "Latest articles" in home and "Botox for chronic migraine: what to expect" in home
    assert "Related articles" in treatment
    assert "Keeping a headache diary" in treatment


def test_demo_articles_pass_the_seo_report(demo):
    """No demo article is missing a description, has an over-long title or description, or shares a title."""
    article_titles = set(ArticlePage.objects.values_list("title", flat=True)) | {"Articles"}

    for section in build_report():
        assert not article_titles & {problem.label for problem in section.problems}, section.key


def test_second_run_changes_no_articles(demo):
    """Loading again leaves every article, the index and the staff author unchanged."""
    output = load()

    assert "articles: 9 unchanged" in output
    assert "article index pages: 1 unchanged" in output
    assert "staff authors: 1 unchanged" in output

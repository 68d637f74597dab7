"""Fixtures for search tests: pages published as an editor would, synonyms, a clean cache."""

import pytest
from django.core.cache import cache

from search.models import SynonymGroup
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ConditionFactory,
    TreatmentPageFactory,
)


def publish(page):
    """Publish a new revision of ``page``, which (re)indexes its tags and conditions too."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def rich_text_body(text):
    return [{"type": "rich_text", "value": f"<p>{text}</p>"}]


@pytest.fixture(autouse=True)
def clean_cache():
    """No test sees another's cached state, such as the 'search service unavailable' flag."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article_index(home_page):
    return ArticleIndexPageFactory(parent=home_page)


@pytest.fixture
def make_treatment(treatment_index):
    """Create and publish a treatment: ``make_treatment("Title", tags=[...], conditions=[...], **fields)``."""

    def make(title, tags=(), conditions=(), **fields):
        page = TreatmentPageFactory(parent=treatment_index, title=title, **fields)
        page.tags.add(*tags)
        page.conditions.set([ConditionFactory(name=name) for name in conditions])
        return publish(page)

    return make


@pytest.fixture
def make_article(article_index):
    """Create and publish an article: ``make_article("Title", intro=..., tags=[...])``."""

    def make(title, tags=(), **fields):
        page = ArticlePageFactory(parent=article_index, title=title, **fields)
        page.tags.add(*tags)
        return publish(page)

    return make


@pytest.fixture
def synonyms(db):
    """A few synonym groups, as SEO staff would enter them."""
    groups = [
        "botox\nbotulinum toxin\nonabotulinumtoxinA\nbotax",
        "migraine\nheadache\nmigrane",
        "injections\nshots\njabs",
        "hyperhidrosis\nexcessive sweating\nsweating\nsweaty armpits",
    ]
    return [SynonymGroup.objects.create(terms=terms) for terms in groups]

"""Fixtures for search tests: pages published as an editor would, synonyms, a clean cache."""

import pytest
from django.core.cache import cache
from wagtail.search.query import And, Boost, Or, Phrase, PlainText

from search.models import SynonymGroup
from search.query import expand_query

# The browser fixtures of tests/e2e, for test_combobox_browser.py.
from tests.e2e.conftest import browser, console_errors, context, live_requests, page, public_site  # noqa: F401
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ConditionFactory,
    TreatmentPageFactory,
    publish_signed_off,
)


def publish(wagtail_page):
    """Publish a new revision of ``wagtail_page``, which (re)indexes its tags and conditions too."""
    publish_signed_off(wagtail_page)
    wagtail_page.refresh_from_db()
    return wagtail_page


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
        treatment = TreatmentPageFactory(parent=treatment_index, title=title, **fields)
        treatment.tags.add(*tags)
        treatment.conditions.set([ConditionFactory(name=name) for name in conditions])
        return publish(treatment)

    return make


@pytest.fixture
def make_article(article_index):
    """Create and publish an article: ``make_article("Title", intro=..., tags=[...])``."""

    def make(title, tags=(), **fields):
        article = ArticlePageFactory(parent=article_index, title=title, **fields)
        article.tags.add(*tags)
        return publish(article)

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


@pytest.fixture
def scored_pages(make_treatment, make_article, synonyms):
    """A few pages for comparing one ranking statement's scores with another's."""
    make_treatment("Chemical peel", summary="A peel for dull skin.", body=rich_text_body("Peel, then rest."))
    make_treatment("Botox for chronic migraine", summary="Injections for headache days.")
    make_article("Peel aftercare", intro="After a chemical peel: shots of moisture for your skin.")
    make_article("Living with migraine", intro="A headache diary helps your provider.")


#: Query shapes whose scores the ranked backends must compute exactly: a word, synonyms,
#: a phrase with words, an And with a Boost inside, and a boosted And beside a phrase.
query_shapes = pytest.mark.parametrize(
    "make_query",
    [
        lambda: expand_query("peel").search_query(),
        lambda: expand_query("shots for migraines").search_query(),
        lambda: expand_query('"chemical peel" diary skin').search_query(),
        lambda: And([PlainText("chemical"), Boost(PlainText("peel"), 3.0)]),
        lambda: Or([Phrase("chemical peel"), Boost(And([PlainText("headache"), PlainText("diary")]), 4.0)]),
    ],
    ids=["word", "synonyms", "phrase and words", "and", "nested"],
)

"""The small public site the browser tests visit, built with the shared factories.

Factories rather than the demo loader: they build just what a flow needs in a
fraction of a second, where the demo loader also makes images and many pages.
"""

from dataclasses import dataclass

from articles.models import ArticleIndexPage, ArticlePage
from home.models import HomePage
from search.models import SynonymGroup
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ConditionFactory,
    TreatmentPageFactory,
    full_body,
    publish_signed_off,
)
from treatments.models import TreatmentPage

FAQ = {
    "type": "faq",
    "value": {
        "heading": "",
        "items": [
            {
                "question": "Do the injections hurt?",
                "answer": "<p>Most people feel a brief sting at each point. "
                "Ask your provider about numbing cream.</p>",
            },
            {
                "question": "When will I notice a difference?",
                "answer": "<p>Often within a few weeks; your provider reviews progress at each visit.</p>",
            },
        ],
    },
}


@dataclass
class PublicSite:
    home: HomePage
    treatment: TreatmentPage
    article_index: ArticleIndexPage
    articles: list[ArticlePage]


def build_public_site(home_page, treatment_index):
    """Home, a Botox treatment with a FAQ, an article index with two tagged articles, and synonyms."""
    treatment = TreatmentPageFactory(
        parent=treatment_index,
        title="Botox for chronic migraine",
        slug="botox-for-chronic-migraine",
        summary="Injections that may reduce headache days for people with chronic migraine.",
        body=[*full_body()[:-1], FAQ],
    )
    treatment.conditions.set([ConditionFactory(name="Chronic migraine", slug="chronic-migraine")])
    treatment.tags.add("Migraine")
    article_index = ArticleIndexPageFactory(parent=home_page)
    articles = [
        ArticlePageFactory(
            parent=article_index,
            title="What to expect at your first Botox appointment",
            tags=["Migraine", "Injections"],
            related_treatments=[treatment],
        ),
        ArticlePageFactory(
            parent=article_index,
            title="Keeping a headache diary",
            tags=["Headache", "Self care"],
        ),
    ]
    for page in [treatment, *articles]:
        publish(page)
    SynonymGroup.objects.create(terms="shots\ninjections\njabs")
    return PublicSite(home=home_page, treatment=treatment, article_index=article_index, articles=articles)


def publish(page):
    """Publish a revision, as an editor would; this also reindexes the page's tags and conditions."""
    publish_signed_off(page)
    page.refresh_from_db()

"""Articles' cards in listings (related, latest, the article index), worked out in Python.

The card template then only prints values: each article's address is found once, and a
tag's listing address once per listing however many cards carry the tag.
"""

import datetime
from dataclasses import dataclass

from cms.models import CustomImage


@dataclass(frozen=True)
class TagLink:
    name: str
    url: str


@dataclass(frozen=True)
class ArticleCard:
    """What templates/articles/includes/article_card.html shows of one article."""

    title: str
    url: str
    date: datetime.date
    author: str  # the author's name and credentials; empty for a draft without one
    intro: str
    image: CustomImage | None  # its card renditions prefetched (ArticlePageQuerySet.with_card_content)
    tag_links: tuple[TagLink, ...] = ()


def article_cards(articles, request, tags_from=None):
    """The cards of ``articles`` (from ``ArticlePageQuerySet.with_card_content``).

    With ``tags_from``, an article index, each card lists its article's tags (prefetched),
    linked to their listings there.
    """
    tag_urls = {}

    def link(tag):
        if tag.slug not in tag_urls:
            tag_urls[tag.slug] = tags_from.tag_url(tag.slug, request)
        return TagLink(tag.name, tag_urls[tag.slug])

    return [
        ArticleCard(
            title=article.title,
            url=article.get_url(request),
            date=article.date,
            author=article.author.display_name if article.author else "",
            intro=article.intro,
            image=article.hero_image,
            tag_links=tuple(link(tag) for tag in article.tags.all()) if tags_from else (),
        )
        for article in articles
    ]

"""The RSS feed of an article index: its latest live, public articles, newest first."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone


class ArticleFeed(Feed):
    """RSS 2.0 for one ``ArticleIndexPage``, with absolute links.

    Built per request (see ``ArticleIndexPage.feed_route``), so it may keep the request
    to make the site's own absolute URLs.

    Titles and intros are plain text and the feed generator XML-escapes every value it
    writes, so they are passed on unescaped: escaping them here too would show readers
    "&amp;" and "&#x27;" in place of "&" and "'".
    """

    limit = 20

    def get_object(self, request, index):
        self.request = request
        return index

    def title(self, index):
        return index.title

    def description(self, index):
        return index.intro

    def link(self, index):
        return index.get_full_url(self.request)

    def feed_url(self, index):
        return index.get_full_url(self.request) + index.reverse_subpage("feed")

    def items(self, index):
        return index.articles()[: self.limit]

    def item_title(self, article):
        # Django's default escapes the title as HTML (so it is escaped twice); see the class docstring.
        return article.title

    def item_description(self, article):
        return article.intro

    def item_link(self, article):
        return article.get_full_url(self.request)

    def item_pubdate(self, article):
        return timezone.make_aware(datetime.datetime.combine(article.date, datetime.time.min))

    def item_updateddate(self, article):
        return article.last_published_at

    def item_author_name(self, article):
        return article.author.display_name if article.author else None

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]

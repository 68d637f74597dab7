"""Template tags that bring articles into other pages: related and latest articles, tag listing links."""

from django import template
from wagtail.models import Site

from articles.models import ArticleIndexPage, ArticlePage

register = template.Library()


@register.simple_tag(takes_context=True)
def tag_listing_url(context, article_index, tag):
    """The address of ``article_index``'s listing of articles tagged ``tag``."""
    return article_index.tag_url(tag.slug, context.get("request"))


@register.inclusion_tag("articles/includes/related_articles.html", takes_context=True)
def related_articles(context, treatment, limit=4):
    """Up to ``limit`` articles for a treatment page: those naming it, then those sharing its tags."""
    articles = ArticlePage.objects.for_listing().related_to(treatment)[:limit]
    return {"articles": articles, "request": context.get("request")}


@register.inclusion_tag("articles/includes/latest_articles.html", takes_context=True)
def latest_articles(context, count=3):
    """The newest ``count`` articles of the current site's blog, with a link to the rest."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    article_index = ArticleIndexPage.objects.live().public().in_site(site).first() if site else None
    articles = article_index.articles()[:count] if article_index else []
    return {"articles": articles, "article_index": article_index, "request": request}

"""Template tags for articles: related and latest articles elsewhere, tag listing links and breadcrumbs."""

from django import template
from wagtail.models import Site

from articles.cards import article_cards
from articles.models import ArticleIndexPage, ArticlePage
from cms.jsonld import breadcrumb_list
from cms.templatetags.clinic_tags import breadcrumbs
from cms.visibility import public

register = template.Library()


@register.simple_tag(takes_context=True)
def tag_listing_url(context, article_index, tag):
    """The address of ``article_index``'s listing of articles tagged ``tag``."""
    return article_index.tag_url(tag.slug, context.get("request"))


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def tag_listing_breadcrumbs(context, article_index, tag):
    """The site's breadcrumbs (HTML and JSON-LD) to ``article_index``, then the listing of ``tag``.

    The tag listing is the current page, so the article index is an ordinary link.
    """
    request = context.get("request")
    trail = breadcrumbs(context, article_index)["trail"]
    route = article_index.reverse_subpage("tag", kwargs={"tag_slug": tag.slug})
    trail.append(
        {
            "title": tag.name,
            "url": article_index.get_url(request) + route,
            "full_url": article_index.get_full_url(request) + route,
        }
    )
    return {"trail": trail, "structured_data": breadcrumb_list(trail)}


@register.inclusion_tag("articles/includes/related_articles.html", takes_context=True)
def related_articles(context, treatment, limit=4):
    """Up to ``limit`` articles' cards for a treatment page: those naming it, then those sharing its tags."""
    request = context.get("request")
    articles = ArticlePage.objects.related_to(treatment, limit)
    return {"cards": article_cards(articles, request)}


@register.inclusion_tag("articles/includes/latest_articles.html", takes_context=True)
def latest_articles(context, count=3):
    """The newest ``count`` articles' cards from the current site's blog, with a link to the rest."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    article_index = public(ArticleIndexPage.objects.live()).in_site(site).first() if site else None
    if article_index is None:
        return {"cards": []}
    articles = ArticlePage.objects.child_of(article_index).for_listing()[:count]
    return {"cards": article_cards(articles, request), "article_index": article_index, "request": request}

"""Template tags for articles: related and latest articles elsewhere, tag listing links and breadcrumbs."""

from django import template
from wagtail.models import Site

from articles.cards import article_cards
from articles.models import ArticleIndexPage, ArticlePage
from articles.related import related_article_rows
from cms.jsonld import breadcrumb_list
from cms.stored_parts import listing_version
from cms.templatetags.clinic_tags import breadcrumbs
from cms.visibility import public

register = template.Library()

#: How many related articles a treatment page shows.
RELATED_LIMIT = 4


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


@register.filter
def related_articles_version(treatment, limit=RELATED_LIMIT):
    """The version of ``treatment``'s related articles box as a stored part (cms/stored_parts.py)."""
    return listing_version(related_article_rows(treatment, limit))


@register.inclusion_tag("articles/includes/related_articles.html", takes_context=True)
def related_articles(context, treatment, limit=RELATED_LIMIT):
    """Up to ``limit`` articles' cards for a treatment page: those naming it, then those sharing its tags."""
    request = context.get("request")
    articles = ArticlePage.objects.related_to(treatment, limit)
    return {"cards": article_cards(articles, request)}


#: How many of the newest articles the home page shows.
LATEST_COUNT = 3


def site_article_index(request):
    """The current site's first live, public article index, or None."""
    site = Site.find_for_request(request)
    return public(ArticleIndexPage.objects.live()).in_site(site).first() if site else None


def newest_articles(article_index, count):
    return ArticlePage.objects.child_of(article_index).for_listing()[:count]


@register.filter
def latest_articles_version(request, count=LATEST_COUNT):
    """The version of the home page's latest articles as a stored part (cms/stored_parts.py)."""
    article_index = site_article_index(request)
    if article_index is None:
        return ""
    rows = newest_articles(article_index, count).values_list("pk", "live_revision_id", "last_published_at")
    return listing_version(rows)


@register.inclusion_tag("articles/includes/latest_articles.html", takes_context=True)
def latest_articles(context, count=LATEST_COUNT):
    """The newest ``count`` articles' cards from the current site's blog, with a link to the rest."""
    request = context.get("request")
    article_index = site_article_index(request) if request else None
    if article_index is None:
        return {"cards": []}
    cards = article_cards(newest_articles(article_index, count), request)
    return {"cards": cards, "article_index": article_index, "request": request}

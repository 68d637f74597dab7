"""Editors' picks (Wagtail's search promotions) for a query: found, filtered and counted like results."""

from dataclasses import dataclass

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page

from .result_types import result_type_of, summary_of
from .searchable import live_pages
from .tagged import tag_ids_of
from .text import normalise_query


@dataclass(frozen=True)
class Promotion:
    """An editor's pick for a query: a live page (with its tags' ids) or an external link."""

    title: str
    url: str
    description: str
    page: Page = None
    tag_ids: frozenset = frozenset()

    def passes(self, kind, tag):
        """Whether the pick belongs among results filtered by ``kind`` and ``tag`` (None: not filtered).

        An external link has neither a kind nor tags, so it is shown only when nothing is.
        """
        if self.page is None:
            return kind is None and tag is None
        return (kind is None or kind.matches(type(self.page))) and (tag is None or tag.pk in self.tag_ids)


def find_promotions(params, request=None, private=None):
    """Editors' picks for the query, in their order: live public pages and external links.

    Wagtail stores a promotion's query as typed, lower-cased ("laser hair removal?"); it
    is compared the way searches are ("laser hair removal"), so punctuation, case and
    spacing never hide a promotion. A clinic has dozens of promotions, not thousands.
    """
    promotions = SearchPromotion.objects.select_related("query").order_by("sort_order")
    picks = [pick for pick in promotions if normalise_query(pick.query.query_string) == params.normalised]
    picked_pages = [pick.page_id for pick in picks if pick.page_id]
    pages = live_pages(private=private).filter(pk__in=picked_pages).specific() if picked_pages else []
    pages = {page.pk: page for page in pages}
    tag_ids = tag_ids_of(list(pages))
    promotions = []
    for pick in picks:
        if pick.page_id in pages:
            page = pages[pick.page_id]
            description = pick.description or summary_of(page)
            tags = tag_ids.get(page.pk, frozenset())
            promotions.append(Promotion(page.title, page.get_url(request), description, page, tags))
        elif not pick.page_id and pick.external_link_url:
            title = pick.external_link_text or pick.external_link_url
            promotions.append(Promotion(title, pick.external_link_url, pick.description))
    return promotions


def count_promoted_pages(promotions, params, type_counts, tag_counts):
    """Count the promoted pages in the facets, as they would count among the results they are taken from.

    Like the results', each count leaves out its own filter: a promoted treatment counts
    under Treatments while articles are shown, and under its tags whatever tag is chosen.
    """
    for promotion in promotions:
        if promotion.page is None:
            continue
        if promotion.passes(None, params.tag):
            type_counts[result_type_of(type(promotion.page)).key] += 1
        if promotion.passes(params.type, None):
            tag_counts.update(promotion.tag_ids)

"""One site search, the same on every backend: parameters in; results, facets and promotions out.

The view hands over a ``SearchParams``; ``run_search`` builds the synonym-expanded
query, asks the search backend for one page of results plus the type and tag counts
(``search.counting``), and puts editors' promotions first (``search.promotions``).
"""

from dataclasses import dataclass, field

from taggit.models import Tag
from wagtail.models import Page

from .backends.ranked import RankedResultsMixin
from .counting import counted_in_one_pass, counted_in_steps
from .outage import with_fallback
from .params import SearchParams
from .promotions import count_promoted_pages, find_promotions
from .query import expand_query
from .result_types import RESULT_TYPES
from .searchable import Searchable
from .vocabulary import current_vocabulary


@dataclass(frozen=True)
class Facet:
    """One filter choice with the number of results it would leave."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchOutcome:
    params: SearchParams
    promotions: list = field(default_factory=list)
    page: object = None
    result_count: int = 0
    type_facets: list = field(default_factory=list)
    tag_facets: list = field(default_factory=list)
    #: The words and phrases searched for (synonyms included), for highlighting.
    terms: tuple = ()
    #: What was searched for when some words were taken as typos ("" when none were).
    corrected_text: str = ""

    @property
    def as_typed_query(self):
        """The query string of this search with no typos corrected: "search instead for ..."."""
        query = self.params.query_dict
        query["as_typed"] = "1"
        return query.urlencode()

    @property
    def searched(self):
        """Whether the visitor asked for something, even if only stop words or punctuation."""
        return bool(self.params.text)

    @property
    def total(self):
        """Everything found: the results and the editors' picks shown with them."""
        return self.result_count + len(self.promotions)

    @property
    def pages_found(self):
        """The results and the promoted pages: what the type counts add up to (external links are neither)."""
        return self.result_count + sum(1 for promotion in self.promotions if promotion.page)

    @property
    def shown_promotions(self):
        """Promotions head the first page of results only (which may hold nothing else)."""
        return self.promotions if self.page is None or self.page.number == 1 else []


def run_search(params, request=None):
    """Search for ``params`` and return a fully evaluated ``SearchOutcome``."""
    if not params.normalised:
        return SearchOutcome(params)
    # Pages under view restrictions, looked up once for all the querysets below.
    private = Page.objects.private_q()
    # Editors may promote pages for any query, even one of stop words only ("how to").
    # Promoted pages are left out of the results; those the filters allow head them.
    promotions = find_promotions(params, request, private)
    shown = [promotion for promotion in promotions if promotion.passes(params.type, params.tag)]
    expansion = expand_query(params.text, vocabulary=None if params.as_typed else current_vocabulary())
    if not expansion.concepts:
        return SearchOutcome(params, promotions=shown)
    searchable = Searchable(private, [promotion.page.pk for promotion in promotions if promotion.page])

    def search(backend):
        query = expansion.query_for(backend)
        results = backend.search(query, searchable.narrowed(None, None), operator="or")
        if isinstance(results, RankedResultsMixin) and results.can_count_in_one_pass():
            return counted_in_one_pass(results, params)
        return counted_in_steps(backend, query, searchable, params)

    page, type_counts, tag_counts = with_fallback(search)
    count_promoted_pages(promotions, params, type_counts, tag_counts)
    return SearchOutcome(
        params,
        promotions=shown,
        page=page,
        result_count=page.paginator.count,
        type_facets=_type_facets(type_counts, params.type),
        tag_facets=_tag_facets(tag_counts, params.tag),
        terms=expansion.terms,
        corrected_text=expansion.corrected(params.normalised) if expansion.corrections else "",
    )


def _type_facets(counts, selected):
    return [
        Facet(kind.key, kind.label, counts[kind.key], kind == selected)
        for kind in RESULT_TYPES
        if counts[kind.key] or kind == selected
    ]


def _tag_facets(counts_by_tag_id, selected):
    """The tags with results, and the chosen one even without: the visitor sees what narrowed the search."""
    counts_by_tag_id.pop(None, None)
    tag_ids = [*counts_by_tag_id, *([selected.pk] if selected else [])]
    tags = Tag.objects.filter(pk__in=tag_ids).order_by("name")
    return [
        Facet(tag.slug, tag.name, counts_by_tag_id[tag.pk], tag == selected)
        for tag in sorted(tags, key=lambda tag: (-counts_by_tag_id[tag.pk], tag.name.lower()))
    ]

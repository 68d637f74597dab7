"""One site search, the same on every backend: parameters in; results, facets and promotions out.

The view hands over the request's GET parameters; ``run_search`` normalises them
(unknown filters are ignored, bad page numbers become a sensible page), builds the
synonym-expanded query, asks the search backend for one page of results plus the
type and tag counts, and puts editors' promotions first.
"""

import operator
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from modelsearch.utils import get_descendants_content_types_pks
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page

from articles.models import ArticlePage
from treatments.models import TreatmentPage

from .backends.faceted import (
    BY_CONTENT_TYPE,
    TAG_IDS,
    ArrayFacetSource,
    among_values,
    by_related,
    of_content_types,
)
from .backends.ranked import RankedResultsMixin
from .outage import with_fallback
from .query import expand_query
from .synonyms import SynonymTable
from .text import MAX_TERMS, display_text, normalise_query

RESULTS_PER_PAGE = 10
AUTOCOMPLETE_LIMIT = 8
AUTOCOMPLETE_MIN_LETTERS = 2
#: Other wordings (through synonyms) tried when the typed words suggest too little.
AUTOCOMPLETE_REWORDINGS = 3
_PAGE_NUMBER = re.compile(r"\d+")
#: Page numbers are read to this many digits: any longer one is past the last page anyway.
_PAGE_DIGITS = 9
_TAG_SLUG = re.compile(r"[-\w]{1,100}")


@dataclass(frozen=True)
class ResultType:
    """A kind of result visitors can filter by: a treatment, an article or any other page."""

    key: str
    label: str
    name: str
    model: type = None

    def matches(self, page_class):
        if self.model is None:
            return not any(issubclass(page_class, kind.model) for kind in MODEL_TYPES)
        return issubclass(page_class, self.model)

    def narrow(self, queryset):
        """``queryset`` restricted to this kind of page."""
        if self.model is None:
            return queryset.not_type(*(kind.model for kind in MODEL_TYPES))
        return queryset.type(self.model)

    def content_types_condition(self):
        """Search matches of this kind of page, by their content types (see ``narrow``)."""
        if self.model is None:
            others = [pk for kind in MODEL_TYPES for pk in get_descendants_content_types_pks(kind.model)]
            return of_content_types(others, exclude=True)
        return of_content_types(get_descendants_content_types_pks(self.model))


#: The kinds with a page model of their own. They carry tags: their models declare
#: ``index.FilterField("tags")`` so that search backends can count results per tag.
MODEL_TYPES = (
    ResultType("treatment", _("Treatments"), _("Treatment"), TreatmentPage),
    ResultType("article", _("Articles"), _("Article"), ArticlePage),
)
#: Every kind, in display order.
RESULT_TYPES = (*MODEL_TYPES, ResultType("page", _("Other pages"), _("Page")))


def result_type_of(page_class):
    return next(kind for kind in RESULT_TYPES if kind.matches(page_class))


def summary_of(page):
    """The plain-text summary shown under a result's title."""
    describe = getattr(page, "get_meta_description", None)
    return describe() if describe else page.search_description


@dataclass(frozen=True)
class SearchParams:
    """A visitor's search request, cleaned: anything invalid is dropped rather than rejected."""

    text: str = ""
    type: ResultType = None
    tag: Tag = None
    page: int = 1

    @classmethod
    def from_query_dict(cls, data):
        kinds = {kind.key: kind for kind in RESULT_TYPES}
        tag_slug = str(data.get("tag", ""))
        page = str(data.get("page", ""))
        return cls(
            text=display_text(data.get("q", "")),
            type=kinds.get(str(data.get("type", ""))),
            tag=Tag.objects.filter(slug=tag_slug).first() if _TAG_SLUG.fullmatch(tag_slug) else None,
            page=max(int(page[:_PAGE_DIGITS]), 1) if _PAGE_NUMBER.fullmatch(page) else 1,
        )

    @property
    def normalised(self):
        return normalise_query(self.text)

    @property
    def query_dict(self):
        """These parameters as cleaned, for links to other pages and filters of the same search.

        Links repeat the cleaned query, never the raw one (which may be huge or hold NULs),
        and no unknown filter.
        """
        query = QueryDict(mutable=True)
        for name, value in (
            ("q", self.text),
            ("type", self.type and self.type.key),
            ("tag", self.tag and self.tag.slug),
        ):
            if value:
                query[name] = value
        return query


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


@dataclass(frozen=True)
class Hit:
    """One search result: a live page and its kind."""

    page: Page
    kind: ResultType

    @classmethod
    def for_page(cls, page):
        return cls(page, result_type_of(type(page)))

    @property
    def summary(self):
        return summary_of(self.page)


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


def live_pages(model=Page, private=None):
    """Live pages of ``model`` anyone may see; ``private`` reuses a ``Page.objects.private_q()``."""
    private = Page.objects.private_q() if private is None else private
    return model.objects.live().exclude(private)


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


def tag_ids_of(page_pks):
    """{page pk: frozenset of its tags' ids} for these pages, one query per kind of page with tags."""
    if not page_pks:
        return {}
    found = defaultdict(set)
    for kind in MODEL_TYPES:
        pairs = kind.model.tags.through.objects.filter(content_object_id__in=page_pks)
        for page_pk, tag_id in pairs.values_list("content_object_id", "tag_id"):
            found[page_pk].add(tag_id)
    return {page_pk: frozenset(ids) for page_pk, ids in found.items()}


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
    expansion = expand_query(params.text)
    query = expansion.search_query()
    if query is None:
        return SearchOutcome(params, promotions=shown)
    searchable = Searchable(private, [promotion.page.pk for promotion in promotions if promotion.page])

    def search(backend):
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
    )


@dataclass(frozen=True)
class Searchable:
    """The pages a search may show: live, public and not already promoted."""

    private: Q
    promoted: list

    def pages(self, model=Page):
        queryset = live_pages(model, self.private)
        return queryset.exclude(pk__in=self.promoted) if self.promoted else queryset

    def narrowed(self, kind, tag):
        queryset = self.pages().specific().defer_streamfields()
        if kind:
            queryset = kind.narrow(queryset)
        if tag:
            queryset = queryset.filter(tagged_with(tag))
        return queryset


def counted_in_one_pass(results, params):
    """A page of results, the counts by type and by tag, from one statement (database backends).

    The type counts leave out the type filter and the tag counts the tag filter, so each
    tells what choosing another type or tag would give.
    """
    filters = {
        "type": params.type and params.type.content_types_condition(),
        "tag": params.tag and among_values(*tagged_pks(params.tag)),
    }
    facets = {"type": [BY_CONTENT_TYPE], "tag": tag_sources(results)}

    def fetch(number):
        start = (number - 1) * RESULTS_PER_PAGE
        return results.faceted(start, start + RESULTS_PER_PAGE, filters, facets)

    counted = fetch(params.page)
    page = Paginator(range(counted.count), RESULTS_PER_PAGE).get_page(params.page)
    if counted.count and page.number != params.page:  # past the last page, which is shown instead
        counted = fetch(page.number)
    page.object_list = [Hit.for_page(result) for result in counted.hits]
    return page, counts_by_kind(counted.facets["type"]), counted.facets["tag"]


def tag_sources(results):
    """Where the tag counts come from: the matches' own tags if the backend holds them, else each model's."""
    if TAG_IDS in results.match_columns():
        return [ArrayFacetSource(TAG_IDS)]
    return [by_related(kind.model.tags.through, "content_object_id", "tag_id") for kind in MODEL_TYPES]


def counted_in_steps(backend, query, searchable, params):
    """As ``counted_in_one_pass``, through Wagtail's search API: one call for each count."""

    def find(queryset):
        return backend.search(query, queryset, operator="or")

    type_counts = counts_by_kind(find(searchable.narrowed(None, params.tag)).facet("content_type_id"))
    # The type counts already say how many results there are: no separate count query.
    result_count = type_counts[params.type.key] if params.type else type_counts.total()
    results = CountedResults(find(searchable.narrowed(params.type, params.tag)), result_count)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(params.page)
    page.object_list = [Hit.for_page(result) for result in page.object_list] if result_count else []
    tag_counts = Counter()
    for kind in MODEL_TYPES:
        # Without a tag filter, the type counts say whether any page of this kind matches.
        if params.type in (None, kind) and (params.tag or type_counts[kind.key]):
            tag_counts.update(find(searchable.pages(kind.model)).facet("tags"))
    return page, type_counts, tag_counts


def tagged_with(tag):
    """A filter for pages of any kind tagged ``tag``."""
    return reduce(operator.or_, (Q(pk__in=pks) for pks in tagged_pks(tag)))


def tagged_pks(tag):
    """Querysets of the primary keys of the pages tagged ``tag``, one per kind of page with tags.

    Read from the tags' own tables, with no join to the pages.
    """
    through_models = (kind.model.tags.through for kind in MODEL_TYPES)
    return [through.objects.filter(tag=tag).values("content_object_id") for through in through_models]


class CountedResults:
    """Search results whose number is already known, for the paginator."""

    def __init__(self, results, count):
        self.results, self._count = results, count

    def count(self):
        return self._count

    def __getitem__(self, key):
        return self.results[key]


def counts_by_kind(counts_by_content_type):
    """{content type id: count} as {result type key: count}."""
    counts = Counter()
    for content_type_id, count in counts_by_content_type.items():
        page_class = ContentType.objects.get_for_id(content_type_id).model_class()
        if page_class:
            counts[result_type_of(page_class).key] += count
    return counts


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


def autocomplete(text):
    """Up to AUTOCOMPLETE_LIMIT live pages whose titles (or summaries) start with the words typed.

    When the typed words suggest fewer pages than that, synonyms fill the list: "jabs for
    migr" also tries "injections for migr", "shots for migr" and so on.
    """
    words = normalise_query(text).split()[:MAX_TERMS]
    if len("".join(words)) < AUTOCOMPLETE_MIN_LETTERS:
        return []
    wordings = [words, *SynonymTable.from_database().rewordings(words, AUTOCOMPLETE_REWORDINGS)]

    def suggest(backend):
        queryset = live_pages().specific().defer_streamfields()
        found = {}
        for wording in wordings:
            if len(found) >= AUTOCOMPLETE_LIMIT:
                break
            for page in backend.autocomplete(" ".join(wording), queryset, operator="and")[
                :AUTOCOMPLETE_LIMIT
            ]:
                found.setdefault(page.pk, page)
        return list(found.values())[:AUTOCOMPLETE_LIMIT]

    suggestions = sorted(with_fallback(suggest), key=lambda page: not title_starts_words(page.title, words))
    return [Hit.for_page(page) for page in suggestions]


def title_starts_words(title, words):
    """Whether each of ``words`` begins a word of ``title``: such titles are suggested first.

    "bot" suggests "Botox for chronic migraine" before a page whose summary starts "Both".
    """
    title_words = normalise_query(title).split()
    return all(any(title_word.startswith(word) for title_word in title_words) for word in words)

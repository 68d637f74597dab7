"""A page of results with the counts by type and by tag: in one statement, or call by call.

The database backends answer all of it in one statement over the matches
(``counted_in_one_pass``); other backends (Elasticsearch) through Wagtail's search
API, one call for the results and one for each count (``counted_in_steps``). Both
give the same page and counts.
"""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator

from .backends.faceted import BY_CONTENT_TYPE, TAG_IDS, ArrayFacetSource, among_values, by_related
from .result_types import MODEL_TYPES, Hit, result_type_of
from .tagged import tag_through_models, tagged_pks

RESULTS_PER_PAGE = 10


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
    return [by_related(through, "content_object_id", "tag_id") for through in tag_through_models()]


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

"""The popular searches offered on the no-results page, in the site's own words.

Visitors' queries are shown back to other visitors here, so a query is offered only
when every word of it (stop words aside) is one the site itself uses: a synonym
SEO staff entered, a tag, a condition or a live treatment's title. Searching twice
for a sentence of one's own is not enough to publish it.

The site's vocabulary is read from every treatment title, so it is kept in the cache
for a few minutes rather than rebuilt for each page that shows popular searches (at
5,000 treatments that took about 0.2 s).
"""

from django.core.cache import cache
from taggit.models import Tag

from treatments.models import Condition, TreatmentPage

from .models import SearchQueryStat, SynonymGroup
from .site_search import live_pages
from .text import normalise_query, search_terms, word_forms

POPULAR_SEARCHES = 8
POPULAR_SEARCH_DAYS = 30
#: The most successful queries read before keeping those in the site's words.
CANDIDATES = 50
VOCABULARY_CACHE_KEY = "search:site-vocabulary"
#: A new synonym, tag or treatment title counts towards popular searches within this time.
VOCABULARY_CACHE_SECONDS = 300


def popular_searches(exclude="", limit=POPULAR_SEARCHES):
    """Up to ``limit`` queries that found something at least twice lately, in the site's words, best first."""
    rows = SearchQueryStat.objects.last_days(POPULAR_SEARCH_DAYS).popular().exclude(query_string=exclude)
    candidates = [row["query_string"] for row in rows[:CANDIDATES]]
    if not candidates:
        return []
    vocabulary = cache.get_or_set(VOCABULARY_CACHE_KEY, site_vocabulary, VOCABULARY_CACHE_SECONDS)
    return [query for query in candidates if in_vocabulary(query, vocabulary)][:limit]


def site_vocabulary():
    """Every word of the synonyms, tags, conditions and live treatments' titles, singular and plural."""
    texts = [term for group in SynonymGroup.objects.all() for term in group.term_list()]
    texts += Tag.objects.values_list("name", flat=True)
    texts += Condition.objects.values_list("name", flat=True)
    texts += live_pages(TreatmentPage).values_list("title", flat=True)
    return {form for text in texts for word in normalise_query(text).split() for form in word_forms(word)}


def in_vocabulary(query, vocabulary):
    terms = search_terms(query)
    return bool(terms) and all(word_forms(term) & vocabulary for term in terms)

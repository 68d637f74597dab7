"""The popular searches offered on the no-results page, in the site's own words.

Visitors' queries are shown back to other visitors here, so a query is offered only
when every word of it is one the site itself uses (a synonym SEO staff entered, a
tag, a condition or a live treatment's title) or a small joining word such as "for".
Searching twice for a sentence of one's own is not enough to publish it.

The site's vocabulary is read from every treatment title, so it is kept in the cache
for a few minutes rather than rebuilt for each page that shows popular searches: its
cost grows with the number of treatments.
"""

from django.core.cache import cache
from taggit.models import Tag

from treatments.models import Condition, TreatmentPage

from .models import SearchQueryStat, SynonymGroup
from .searchable import live_pages
from .text import normalise_query, word_forms

POPULAR_SEARCHES = 8
POPULAR_SEARCH_DAYS = 30
#: The most successful queries read before keeping those in the site's words.
CANDIDATES = 50
#: The only words a popular search may hold besides the site's own: enough for "shots for
#: migraines" or "botox and fillers", too few to write a sentence ("you should not have botox").
JOINING_WORDS = frozenset(
    {"a", "an", "and", "after", "before", "for", "in", "of", "on", "or", "the", "to", "with"}
)
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
    """Whether every word of ``query`` is the site's own or a small joining word, such as "for"."""
    own_words = [word for word in query.split() if word not in JOINING_WORDS]
    return bool(own_words) and all(word_forms(word) & vocabulary for word in own_words)

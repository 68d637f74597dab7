"""What the search report offers beside a logged query: a synonym to add, and the work already done.

Search corrects a visitor's typos itself, so a query that still finds nothing usually
holds a word no page uses: a brand name, a lay word, a typo of a word only the
synonyms hold. When an indexed word or a word of SEO staff's synonyms is within the
edits spelling correction allows ("regain" and "regaine"), making the two synonyms is
the likely fix. A word with nothing that near gets no suggestion: a guess further off
would send staff after noise.

The report also shows which of a query's words or phrases already have synonyms and
whether the query has promotions, so nobody does the work twice. All of it is read
in a fixed number of database queries, however many rows the report shows.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from wagtail.contrib.search_promotions.models import SearchPromotion

from .models import SynonymGroup
from .synonyms import SynonymTable
from .text import normalise_query, search_terms, singular
from .vocabulary import current_vocabulary


@dataclass(frozen=True)
class SynonymSuggestion:
    """``typed`` (a word no page or synonym uses) likely means ``word``, which one does.

    ``group`` is the synonym group already naming ``word``, which ``typed`` should join;
    None when ``word`` is only on pages, so the two start a new group.
    """

    typed: str
    word: str
    group: SynonymGroup = None


@dataclass(frozen=True)
class Promoted:
    """A query's promotions: Wagtail's ``Query`` they hang on, and how many there are."""

    query_id: int
    count: int


@dataclass(frozen=True)
class QueryAdvice:
    """For one logged query: synonyms to add, words past help, and what staff already did."""

    #: ``SynonymSuggestion`` for each word with a near word on the site or in the synonyms.
    suggestions: tuple
    #: The words no page or synonym uses and none is near: no suggestion is made for them.
    unknown: tuple
    #: The query's words and phrases that are already terms of a synonym group, e.g. ("botox",).
    synonym_terms: tuple
    promoted: Promoted = None


class ReportAdvisor:
    """Advice for the report's queries, from synonyms, promotions and the index's words read once."""

    def __init__(self, groups, vocabulary, promotions):
        """``groups``: the ``SynonymGroup`` rows; ``vocabulary``: a ``spelling.Vocabulary``;
        ``promotions``: (query id, query string as Wagtail stores it) for each promotion."""
        self.groups = groups
        self.synonyms = SynonymTable(group.term_list() for group in groups)
        self.vocabulary = vocabulary
        counts = defaultdict(lambda: defaultdict(int))
        for query_id, query_string in promotions:
            counts[normalise_query(query_string)][query_id] += 1
        self.promoted = {
            query_string: Promoted(min(per_query), sum(per_query.values()))
            for query_string, per_query in counts.items()
        }

    @classmethod
    def load(cls):
        """From the database: one query for the synonyms, one for every promotion; the vocabulary is cached.

        A clinic keeps dozens of promotions and a few hundred synonym groups, so reading
        them all costs less than a query per shown row.
        """
        promotions = SearchPromotion.objects.values_list("query_id", "query__query_string")
        return cls(list(SynonymGroup.objects.all()), current_vocabulary(), list(promotions))

    @cached_property
    def _group_words(self):
        """Each group with the words of its terms, as ``SynonymTable.words`` holds them."""
        return [(group, SynonymTable([group.term_list()]).words) for group in self.groups]

    def group_naming(self, word):
        """The first synonym group with ``word`` in one of its terms, or None."""
        return next((group for group, words in self._group_words if singular(word) in words), None)

    def advise(self, query_string, suggest=True):
        """Advice on ``query_string`` (as logged); ``suggest=False`` skips looking for near words."""
        terms = search_terms(normalise_query(query_string))
        suggestions, unknown = [], []
        if suggest:
            for term in terms:
                if self.vocabulary.knows(term) or self.synonyms.knows(term):
                    continue
                word = self.vocabulary.correction(term, self.synonyms.words)
                if word:
                    suggestions.append(SynonymSuggestion(term, word, self.group_naming(word)))
                else:
                    unknown.append(term)
        synonym_terms = tuple(
            " ".join(concept.words)
            for concept in self.synonyms.concepts(terms)
            if len(concept.alternatives) > 1
        )
        return QueryAdvice(
            tuple(suggestions),
            tuple(unknown),
            synonym_terms,
            self.promoted.get(normalise_query(query_string)),
        )

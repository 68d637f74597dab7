"""Expanding a visitor's words with the synonyms SEO staff keep in the admin.

Applied at query time, so every backend (SQLite, PostgreSQL, Elasticsearch)
behaves the same and a new synonym works at once, without reindexing.
"""

from dataclasses import dataclass
from itertools import islice, product

from .models import SynonymGroup
from .text import normalise_query, search_terms, singular


def _key(words):
    """Compare terms regardless of number: 'sweaty armpits' and 'sweaty armpit' share a key."""
    return tuple(singular(word) for word in words)


@dataclass(frozen=True)
class Concept:
    """One thing the visitor asked about: the words they typed and every way of saying it."""

    words: tuple
    alternatives: frozenset


#: ``(groups, table)``: the last table ``SynonymTable.from_database`` built, and what from.
_built = {}


class SynonymTable:
    """Looks up the synonyms of single words and of phrases up to the longest term known."""

    def __init__(self, groups):
        """``groups``: iterables of terms that mean the same, e.g. [['botox', 'botulinum toxin']]."""
        self._alternatives = {}
        for group in groups:
            variants = {tuple(words) for words in map(search_terms, map(normalise_query, group)) if words}
            for words in variants:
                self._alternatives.setdefault(_key(words), set()).update(variants)
        self._longest = max((len(key) for key in self._alternatives), default=1)
        #: Every word of every term, e.g. for spelling: a word SEO staff named is not a typo.
        self.words = frozenset(word for key in self._alternatives for word in key)

    @classmethod
    def from_database(cls):
        """The table of SEO staff's synonym groups, built again only when a group has changed.

        Reading the groups is one cheap query; building the table cleans every term, which
        for a few hundred groups (the starter vocabulary) costs more than a search.
        """
        groups = tuple(SynonymGroup.objects.order_by("pk").values_list("terms", flat=True))
        built_from, table = _built.get("last", (None, None))
        if built_from != groups:
            table = cls(SynonymGroup(terms=terms).term_list() for terms in groups)
            _built["last"] = (groups, table)
        return table

    def knows(self, word):
        """Whether some term of some group holds ``word`` (or its singular)."""
        return singular(word) in self.words

    def concepts(self, terms):
        """Split ``terms`` into concepts, matching the longest known phrase first."""
        concepts, start = [], 0
        while start < len(terms):
            for length in range(min(self._longest, len(terms) - start), 0, -1):
                words = tuple(terms[start : start + length])
                alternatives = self._alternatives.get(_key(words))
                if alternatives or length == 1:
                    concepts.append(Concept(words, frozenset({words, *(alternatives or ())})))
                    start += length
                    break
        return concepts

    def rewordings(self, terms, limit):
        """Up to ``limit`` other ways of saying ``terms``: each known word or phrase swapped for a synonym.

        ``["jabs", "for", "migrane"]`` gives ``["injections", "for", "headache"]`` and so on,
        the typed words first; words with no synonyms (such as a half-typed one) stay as typed.
        """
        choices = [
            [concept.words, *sorted(concept.alternatives - {concept.words})]
            for concept in self.concepts(terms)
        ]
        combinations = islice(product(*choices), 1, limit + 1)  # the first is ``terms`` itself
        return [[word for words in combination for word in words] for combination in combinations]

"""Correcting a visitor's misspelt words to the nearest words the site's pages hold.

A word the index does not hold, and no synonym names, is matched to the indexed
words within a few edits: none for words of one or two letters, one for words of
three to five, two for longer ones (Elasticsearch's ``AUTO`` fuzziness). Swapped
neighbours ("isotretinion") count as one edit, as in optimal string alignment. Of
the candidates, the fewest edits wins, a word that sounds the same (Metaphone:
"fototherapy" and "phototherapy") counting one edit less, then the word on the most
pages: "cist" becomes "cyst", not "list".
"""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import jellyfish
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .text import word_forms

#: Edits allowed for a word of at least this many letters: (letters, edits), longest first.
EDIT_ALLOWANCE = ((6, 2), (3, 1))


def allowed_edits(word):
    """How many letters of ``word`` may be wrong for a correction to be trusted."""
    return next((edits for letters, edits in EDIT_ALLOWANCE if len(word) >= letters), 0)


def sounds_alike(first, second):
    return jellyfish.metaphone(first) == jellyfish.metaphone(second)


@dataclass(frozen=True)
class Correction:
    """A misspelt word and the indexed word it is taken for."""

    typed: str
    word: str


def corrected(words, corrections):
    """``words`` with each misspelt one replaced by its ``Correction``'s word."""
    replacements = {correction.typed: correction.word for correction in corrections}
    return [replacements.get(word, word) for word in words]


class Vocabulary:
    """The words of the index, each with the number of index entries holding it."""

    def __init__(self, counts):
        """``counts``: {word: entries}, words in lower case as the index holds them."""
        self.counts = counts
        self._prefix_counts = {}

    @cached_property
    def _by_length(self):
        words = defaultdict(list)
        for word in self.counts:
            words[len(word)].append(word)
        return words

    @cached_property
    def _sorted(self):
        return sorted(self.counts)

    def _prefixes(self, length):
        """{prefix: entries} over the words of at least ``length`` letters, cut to that length."""
        if length not in self._prefix_counts:
            counts = defaultdict(int)
            for word, entries in self.counts.items():
                if len(word) >= length:
                    counts[word[:length]] += entries
            self._prefix_counts[length] = dict(counts)
        return self._prefix_counts[length]

    def begins_a_word(self, prefix):
        """Whether some indexed word starts with ``prefix``."""
        position = bisect_left(self._sorted, prefix)
        return position < len(self._sorted) and self._sorted[position].startswith(prefix)

    def prefix_correction(self, prefix):
        """For a word still being typed: the start of an indexed word ``prefix`` likely misspells, or None.

        "sclerath" becomes "scleroth" (of "sclerotherapy"); a prefix that begins some word stays.
        """
        edits = allowed_edits(prefix)
        if not edits or not prefix.isalpha() or self.begins_a_word(prefix):
            return None
        prefixes = self._prefixes(len(prefix))
        matches = process.extract(prefix, list(prefixes), scorer=OSA.distance, score_cutoff=edits, limit=None)
        if not matches:
            return None
        return min(matches, key=lambda match: (match[1], -prefixes[match[0]], match[0]))[0]

    def knows(self, word):
        """Whether the index holds ``word`` or its singular or plural."""
        return any(form in self.counts for form in word_forms(word))

    def correction(self, word, other_words=frozenset()):
        """The indexed word (or one of ``other_words``) ``word`` is most likely a misspelling of, or None."""
        edits = allowed_edits(word)
        if not edits or not word.isalpha() or self.knows(word):
            return None
        lengths = range(len(word) - edits, len(word) + edits + 1)
        nearby = [candidate for length in lengths for candidate in self._by_length.get(length, ())]
        nearby += [candidate for candidate in other_words if len(candidate) in lengths]
        matches = process.extract(word, nearby, scorer=OSA.distance, score_cutoff=edits, limit=None)
        if not matches:
            return None
        best = min(matches, key=lambda match: self._preference(word, match[0], match[1]))
        return best[0]

    def _preference(self, typed, candidate, distance):
        """Sort key: fewer edits (one less if it sounds alike), then more entries, then by name."""
        return (distance - sounds_alike(typed, candidate), -self.counts.get(candidate, 0), candidate)

    def corrections(self, terms, synonyms=None):
        """A ``Correction`` for each of ``terms`` that neither the index nor ``synonyms`` knows.

        A word in SEO staff's synonyms is never a typo, and may be what a typo was meant as.
        """
        other_words = synonyms.words if synonyms else frozenset()
        found = []
        for term in terms:
            if synonyms and synonyms.knows(term):
                continue
            word = self.correction(term, other_words)
            if word:
                found.append(Correction(term, word))
        return found

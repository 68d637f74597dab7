"""Building the backend-neutral Wagtail search query for a visitor's words.

``build_search_query("shots for migraines")`` returns, roughly::

    Concepts([
        Alternatives([Boost(PlainText("shot shots"), 2), PlainText("injection injections jab jabs ...")]),
        Alternatives([Boost(PlainText("migraine migraines"), 2), PlainText("headache headaches ...")]),
    ])

one part per concept the visitor asked about, each matching their own words (with
singular and plural) or any synonym, their own words counting double. Any part may
match; a page matching more of them scores higher. Wagtail compiles the same
object for SQLite FTS5, PostgreSQL and Elasticsearch.
"""

from dataclasses import dataclass

from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from wagtail.search.query import Boost, Fuzzy, Phrase, PlainText

from .backends.ranked import Alternatives, Concepts
from .spelling import corrected
from .synonyms import SynonymTable
from .text import normalise_query, search_terms, word_forms

#: The visitor's own words count this many times as much as their synonyms.
TYPED_BOOST = 2.0
#: Bound on how far synonyms can grow one concept of a query.
MAX_SYNONYMS = 24


def forms(words):
    """A word or phrase with the singular and plural of its last word."""
    *start, last = words
    return [" ".join([*start, form]) for form in sorted(word_forms(last))]


def any_of(texts):
    """A query matching any of ``texts``: the single words in one PlainText, each phrase a Phrase."""
    words = [text for text in texts if " " not in text]
    parts = [PlainText(" ".join(words), operator="or")] if words else []
    parts += [Phrase(text) for text in texts if " " in text]
    return parts[0] if len(parts) == 1 else Alternatives(parts)


@dataclass(frozen=True)
class ConceptQuery:
    """One thing the visitor asked about: the words they typed, and their synonyms."""

    typed: tuple
    synonyms: tuple = ()
    #: The word as typed, when ``typed`` holds its correction instead.
    misspelt: str = ""

    @classmethod
    def from_concept(cls, concept, misspelt=""):
        synonyms = [text for words in sorted(concept.alternatives - {concept.words}) for text in forms(words)]
        return cls(tuple(forms(concept.words)), tuple(synonyms[:MAX_SYNONYMS]), misspelt)

    def search_query(self, fuzzy=False):
        """The concept's query; with ``fuzzy``, a misspelt word is left to the backend's own fuzziness."""
        typed = Fuzzy(self.misspelt) if fuzzy and self.misspelt else any_of(self.typed)
        typed = Boost(typed, TYPED_BOOST)
        return Alternatives([typed, any_of(self.synonyms)]) if self.synonyms else typed


@dataclass(frozen=True)
class Expansion:
    """A visitor's query as concepts, each with its word forms and synonyms, typos corrected."""

    concepts: tuple = ()
    #: The ``spelling.Correction`` of each misspelt word, searched for in its place.
    corrections: tuple = ()

    def corrected(self, normalised):
        """``normalised`` (the query's words) with each misspelt word replaced by its correction."""
        return " ".join(corrected(normalised.split(), self.corrections))

    @property
    def terms(self):
        """Every word and phrase searched for, e.g. to highlight them in results."""
        return tuple(text for concept in self.concepts for text in (*concept.typed, *concept.synonyms))

    def search_query(self, fuzzy=False):
        """Pages matching any concept, scored per concept; None when there is nothing to search for.

        ``fuzzy`` (for Elasticsearch, whose ``fuzziness`` is its own typo tolerance) sends
        each misspelt word as typed, as a fuzzy match, rather than its correction.
        """
        parts = [concept.search_query(fuzzy) for concept in self.concepts]
        if not parts:
            return None
        sizes = [len(concept.typed[0].split()) for concept in self.concepts]
        return parts[0] if len(parts) == 1 else Concepts(parts, sizes)

    def query_for(self, backend):
        """The search query for ``backend``: fuzzy where it is Elasticsearch or OpenSearch."""
        return self.search_query(fuzzy=isinstance(backend, ElasticsearchBaseSearchBackend))


def expand_query(text, synonyms=None, vocabulary=None):
    """The ``Expansion`` of ``text``: typos corrected, then word forms plus synonyms.

    Synonyms come from the database by default. Words are corrected against
    ``vocabulary`` (a ``spelling.Vocabulary``; none, no corrections), and a corrected
    word stands where the typed one stood, counting as much.
    """
    terms = search_terms(normalise_query(text))
    if not terms:
        return Expansion()
    synonyms = SynonymTable.from_database() if synonyms is None else synonyms
    corrections = tuple(vocabulary.corrections(terms, synonyms)) if vocabulary else ()
    typed = {correction.word: correction.typed for correction in corrections}
    concepts = synonyms.concepts(corrected(terms, corrections))
    misspelt = [typed.get(concept.words[0], "") if len(concept.words) == 1 else "" for concept in concepts]
    return Expansion(tuple(map(ConceptQuery.from_concept, concepts, misspelt)), corrections)


def build_search_query(text, synonyms=None, vocabulary=None):
    """The search query for ``text``, or None when it holds nothing worth searching for."""
    return expand_query(text, synonyms, vocabulary).search_query()

"""Suggestions as a visitor types: live pages whose titles (or summaries) start with the words typed."""

from .outage import with_fallback
from .result_types import Hit
from .searchable import live_pages
from .spelling import corrected
from .synonyms import SynonymTable
from .text import MAX_TERMS, normalise_query
from .vocabulary import current_vocabulary

AUTOCOMPLETE_LIMIT = 8
AUTOCOMPLETE_MIN_LETTERS = 2
#: Other wordings (through synonyms) tried when the typed words suggest too little.
AUTOCOMPLETE_REWORDINGS = 3


def autocomplete(text):
    """Up to AUTOCOMPLETE_LIMIT live pages whose titles (or summaries) start with the words typed.

    When the typed words suggest fewer pages than that, synonyms fill the list: "jabs for
    migr" also tries "injections for migr", "shots for migr" and so on. Typos are
    corrected first: "scleroterapy" and "scleratherapy" both suggest sclerotherapy.
    """
    words = normalise_query(text).split()[:MAX_TERMS]
    if len("".join(words)) < AUTOCOMPLETE_MIN_LETTERS:
        return []
    synonyms = SynonymTable.from_database()
    words = corrected_words(words, synonyms, current_vocabulary())
    wordings = [words, *synonyms.rewordings(words, AUTOCOMPLETE_REWORDINGS)]

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


def corrected_words(words, synonyms, vocabulary):
    """``words`` with typos corrected: whole words as a search does, the last (being typed) as a prefix."""
    *whole, last = words
    prefix = None if synonyms.knows(last) else vocabulary.prefix_correction(last)
    return [*corrected(whole, vocabulary.corrections(whole, synonyms)), prefix or last]


def title_starts_words(title, words):
    """Whether each of ``words`` begins a word of ``title``: such titles are suggested first.

    "bot" suggests "Botox for chronic migraine" before a page whose summary starts "Both".
    """
    title_words = normalise_query(title).split()
    return all(any(title_word.startswith(word) for title_word in title_words) for word in words)

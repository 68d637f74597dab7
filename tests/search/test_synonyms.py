"""Synonym groups: entered by SEO staff, applied to every query."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.search.query import Boost, Or, Phrase

from search.models import SynonymGroup
from search.query import MAX_SYNONYMS, TYPED_BOOST, build_search_query, expand_query
from search.synonyms import SynonymTable
from search.text import MAX_QUERY_LENGTH, MAX_TERMS

TABLE = SynonymTable(
    [
        ["botox", "botulinum toxin", "onabotulinumtoxinA", "botax"],
        ["injections", "shots", "jabs"],
        ["hyperhidrosis", "excessive sweating", "sweaty armpits"],
        ["migraine", "headache"],
    ]
)


def alternatives(text):
    return [set(concept.alternatives) for concept in TABLE.concepts(text.split())]


def test_a_word_brings_its_group():
    """'shots' stands for every term in its group."""
    assert alternatives("shots") == [{("shots",), ("injections",), ("jabs",)}]


def test_words_are_matched_regardless_of_number():
    """'migraines' finds the group listing 'migraine'."""
    assert ("headache",) in alternatives("migraines")[0]


def test_the_longest_known_phrase_wins():
    """'botulinum toxin' is one concept, not two words."""
    concepts = TABLE.concepts(["botulinum", "toxin", "jabs"])
    assert [concept.words for concept in concepts] == [("botulinum", "toxin"), ("jabs",)]
    assert ("botox",) in concepts[0].alternatives


def test_unknown_words_stand_for_themselves():
    assert alternatives("peel") == [{("peel",)}]


def test_expansion_lists_word_forms_and_synonyms_per_concept():
    """'sweaty armpits' is one concept: the phrase with its plural forms, and its group's terms."""
    (concept,) = expand_query("Sweaty armpits?", synonyms=TABLE).concepts
    assert concept.typed == ("sweaty armpit", "sweaty armpits")
    assert {"hyperhidrosis", "excessive sweating"} <= set(concept.synonyms)


def test_search_query_has_one_part_per_concept_with_typed_words_boosted():
    """Each concept matches its typed words (counting double) or any synonym, words and phrases."""
    query = build_search_query("botax shots", synonyms=TABLE)
    assert isinstance(query, Or)
    botax, shots = query.subqueries
    typed, synonyms = shots.subqueries
    assert isinstance(typed, Boost)
    assert typed.boost == TYPED_BOOST
    assert (typed.subquery.query_string, typed.subquery.operator) == ("shot shots", "or")
    assert set(synonyms.query_string.split()) == {"injection", "injections", "jab", "jabs"}
    phrases = {part.query_string for part in botax.subqueries[1].subqueries if isinstance(part, Phrase)}
    assert "botulinum toxin" in phrases


@pytest.mark.parametrize("text", ["", "   ", "the and of", '"" () ***', "\x00\x01"])
def test_nothing_to_search_for_gives_no_query(text):
    """Stop words, punctuation and control characters alone search for nothing."""
    assert build_search_query(text, synonyms=TABLE) is None


def test_synonyms_are_capped_but_typed_words_kept():
    """However many synonyms a word has, at most MAX_SYNONYMS are searched, and always the word itself."""
    table = SynonymTable([["zebra", *(f"stripe{n}" for n in range(200))]])
    (concept,) = expand_query("zebra", synonyms=table).concepts
    assert "zebra" in concept.typed
    assert len(concept.synonyms) == MAX_SYNONYMS


def test_synonyms_come_from_the_database(synonyms):
    """Groups saved in the admin apply at once: 'botax' finds 'botulinum toxin'."""
    assert "botulinum toxin" in expand_query("botax").terms


def test_a_synonym_group_needs_two_different_terms(db):
    """One term, or the same term twice, is not a group."""
    with pytest.raises(ValidationError):
        SynonymGroup(terms="botox\nBOTOX\n\n").full_clean()


@pytest.mark.parametrize(
    ("terms", "error"),
    [("", "This field cannot be blank."), (" \n ", "Enter at least two different terms, one per line.")],
)
def test_an_empty_synonym_group_gets_one_error(db, terms, error):
    """Empty terms get one clear error, not 'required' and 'two different terms' together."""
    with pytest.raises(ValidationError) as raised:
        SynonymGroup(terms=terms).full_clean()
    assert raised.value.message_dict["terms"] == [error]


@pytest.mark.parametrize(
    "term", [" ".join(f"word{n}" for n in range(MAX_TERMS + 1)), "x" * (MAX_QUERY_LENGTH + 1)]
)
def test_a_term_longer_than_any_search_is_refused(db, term):
    """A term with more words or characters than a search keeps could never match: say so, do not cut it."""
    with pytest.raises(ValidationError) as raised:
        SynonymGroup(terms=f"botox\n{term}").full_clean()
    assert "longer than any search" in raised.value.message_dict["terms"][0]


@pytest.mark.parametrize("terms", ["the\nand\nof", "botox\nhow to"])
def test_a_term_of_words_searches_leave_out_is_refused(db, terms):
    """A term made only of stop words ('the', 'how to') can never match a search: say so."""
    with pytest.raises(ValidationError) as raised:
        SynonymGroup(terms=terms).full_clean()
    assert "only words that searches leave out" in raised.value.message_dict["terms"][0]


def test_a_term_with_stop_words_among_others_is_kept(db):
    group = SynonymGroup(terms="botox\nthe wrinkle jab")
    group.full_clean()
    assert group.term_list() == ["botox", "the wrinkle jab"]


def test_a_term_as_long_as_a_search_is_kept(db):
    group = SynonymGroup(terms="botox\n" + " ".join(f"word{n}" for n in range(MAX_TERMS)))
    group.full_clean()
    assert len(group.term_list()) == 2


def test_a_synonym_group_is_tidied_on_save(db):
    """Blank lines, repeats and stray spaces go; terms keep the case they were typed in."""
    group = SynonymGroup(terms="  Botox \n\nbotox\nbotulinum   toxin\r\n")
    group.full_clean()
    assert group.terms == "Botox\nbotulinum toxin"
    assert str(group) == "Botox / botulinum toxin"


def test_rewordings_swap_known_words_and_phrases_for_synonyms():
    """Each known word or phrase is replaced by its synonyms in turn; unknown words stay as typed."""
    table = SynonymTable([["injections", "jabs"], ["migraine", "migrane"]])
    assert table.rewordings(["jabs", "for", "migrane"], limit=10) == [
        ["jabs", "for", "migraine"],
        ["injections", "for", "migrane"],
        ["injections", "for", "migraine"],
    ]
    assert table.rewordings(["jabs", "for", "migr"], limit=10) == [["injections", "for", "migr"]]
    assert table.rewordings(["peel"], limit=10) == []
    assert len(table.rewordings(["jabs", "for", "migrane"], limit=2)) == 2

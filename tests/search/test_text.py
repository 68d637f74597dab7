"""Normalising what visitors type: plain words only, whatever they send."""

import pytest

from search.text import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    display_text,
    normalise_query,
    search_terms,
    singular,
    word_forms,
)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("Botox", "botox"),
        ("  BOTOX   for\tMigraine ", "botox for migraine"),
        ('"botox" AND (migraine OR pain) NOT -shots +jabs*', "botox and migraine or pain not shots jabs"),
        ("title:botox body:migraine", "title botox body migraine"),
        ("botox's side-effects?!", "botox side effects"),
        ("café ÉTÉ", "café été"),
        ("bo\x00tox\x07 jab\u200bs", "botox jabs"),
        ("soft\xadhyphen\tand\u00a0no-break space", "softhyphen and no break space"),
        ("<script>alert(1)</script>", "script alert 1 script"),
        ("***", ""),
    ],
)
def test_queries_become_plain_lower_case_words(typed, normalised):
    """Operators, quotes, field syntax and brackets become word breaks; unprintable characters go."""
    assert normalise_query(typed) == normalised


def test_long_input_is_capped():
    """However long the input, the query is at most MAX_QUERY_LENGTH characters."""
    assert len(normalise_query("migraine " * 10_000)) <= MAX_QUERY_LENGTH
    assert len(display_text("x" * 100_000)) == MAX_QUERY_LENGTH


def test_display_text_keeps_case_and_punctuation_but_not_control_characters():
    """What is shown back to the visitor is what they typed, minus the unprintable parts."""
    assert display_text("  Bo\x00tox\x00 for\r\nmigraine?  ") == "Botox for migraine?"


def test_search_terms_drop_stop_words_and_repeats():
    """Only words worth matching are searched for, once each."""
    assert search_terms("shots for the migraine and migraine") == ["shots", "migraine"]
    assert search_terms("what is the") == []


def test_generic_words_are_searched_for_only_alone():
    """'treatment' says nothing beside 'sweating', but is all there is in 'treatments'."""
    assert search_terms("treatment for sweating") == ["sweating"]
    assert search_terms("treatments") == ["treatments"]


def test_search_terms_are_capped():
    """A query with many words searches for the first MAX_TERMS of them."""
    words = " ".join(f"word{n}" for n in range(50))
    assert search_terms(words) == [f"word{n}" for n in range(MAX_TERMS)]


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("migraines", {"migraines", "migraine"}),
        ("migraine", {"migraine", "migraines"}),
        ("therapies", {"therapies", "therapy"}),
        ("therapy", {"therapy", "therapies"}),
        ("rashes", {"rashes", "rash"}),
        ("rash", {"rash", "rashes"}),
        ("headaches", {"headaches", "headache"}),
        ("headache", {"headache", "headaches"}),
        ("aches", {"aches", "ache"}),
        ("patches", {"patches", "patch"}),
        ("sneezes", {"sneezes", "sneeze"}),
        ("beaches", {"beaches", "beach"}),
        ("hyperhidrosis", {"hyperhidrosis"}),
        ("jab", {"jab"}),
        ("b12", {"b12"}),
    ],
)
def test_word_forms_add_the_likely_singular_or_plural(word, forms):
    """So that 'injection' finds 'injections' on backends that do not stem."""
    assert word_forms(word) == forms


def test_singular_and_plural_share_a_key():
    """Terms are compared regardless of number."""
    assert singular("armpits") == singular("armpit") == "armpit"
    assert singular("headaches") == singular("headache") == "headache"

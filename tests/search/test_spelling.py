"""Typo tolerance: misspelt words are taken for the nearest words the index holds, on every database."""

import pytest
from django.db import connection

from search.autocomplete import autocomplete
from search.query import expand_query
from search.spelling import Vocabulary, allowed_edits
from search.synonyms import SynonymTable
from search.vocabulary import current_vocabulary, read_vocabulary

from .conftest import publish


@pytest.mark.parametrize(("word", "edits"), [("ab", 0), ("cyst", 1), ("lipoma", 2), ("iontophoresis", 2)])
def test_longer_words_may_hold_more_typos(word, edits):
    assert allowed_edits(word) == edits


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("lypoma", "lipoma"),  # one letter wrong
        ("isotretinion", "isotretinoin"),  # two letters swapped: one edit
        ("scleratherapy", "sclerotherapy"),
        ("fototherapy", "phototherapy"),  # two edits, sounds the same
        ("removel", "removal"),
    ],
)
def test_a_misspelt_word_is_taken_for_the_nearest_indexed_word(typed, meant):
    vocabulary = Vocabulary({meant: 3, "therapy": 40, "lipid": 2, "removed": 1})
    assert vocabulary.correction(typed) == meant


def test_of_equally_near_words_the_one_that_sounds_alike_wins_then_the_commoner():
    vocabulary = Vocabulary({"cyst": 2, "list": 30, "cost": 9})
    assert vocabulary.correction("cist") == "cyst"  # sounds like "cyst"; "list" is on more pages
    assert Vocabulary({"list": 30, "mist": 2}).correction("gist") == "list"


def test_known_words_short_words_and_words_too_far_off_are_left_alone():
    vocabulary = Vocabulary({"scar": 5, "scars": 1, "lipoma": 1})
    assert vocabulary.correction("scars") is None  # indexed
    assert vocabulary.correction("scar") is None  # its plural is indexed
    assert vocabulary.correction("sx") is None  # too short to guess
    assert vocabulary.correction("zzzzzz") is None  # nothing near
    assert vocabulary.correction("lip0ma") is None  # not a word


def test_a_word_seo_staff_named_in_synonyms_is_never_a_typo_and_can_be_a_correction():
    vocabulary = Vocabulary({"minoxidil": 3})
    synonyms = SynonymTable([["regaine", "minoxidil"]])
    assert vocabulary.corrections(["regaine"], synonyms) == []
    ((correction),) = vocabulary.corrections(["regain"], synonyms)
    assert (correction.typed, correction.word) == ("regain", "regaine")


def test_the_corrected_word_stands_where_the_typed_one_stood_with_its_synonyms():
    vocabulary = Vocabulary({"sclerotherapy": 2, "veins": 9})
    synonyms = SynonymTable([["sclerotherapy", "vein injections"]])
    expansion = expand_query("scleratherapy veins", synonyms, vocabulary)
    first, _veins = expansion.concepts
    assert "sclerotherapy" in first.typed  # counted as typed, not as a synonym
    assert "vein injections" in first.synonyms
    assert expansion.corrected("scleratherapy veins") == "sclerotherapy veins"
    assert not expand_query("scleratherapy veins", synonyms).corrections  # no vocabulary, no guessing


def test_a_word_being_typed_is_corrected_as_the_start_of_a_word():
    vocabulary = Vocabulary({"sclerotherapy": 2, "scars": 4})
    assert vocabulary.prefix_correction("sclerath") == "scleroth"
    assert vocabulary.prefix_correction("scler") is None  # begins a word already
    assert vocabulary.prefix_correction("qqqqqq") is None


@pytest.mark.django_db
def test_the_vocabulary_follows_what_is_indexed(make_treatment):
    treatment = make_treatment("Lipoma removal", summary="A soft lump under the skin.")
    assert {"lipoma", "removal", "lump"} <= read_vocabulary().counts.keys()
    treatment.title = "Cyst removal"
    publish(treatment)
    words = read_vocabulary().counts
    assert "cyst" in words
    assert "lipoma" not in words
    assert words["removal"] == 1  # counted once per entry, not once per publish
    treatment.delete()
    assert "cyst" not in read_vocabulary().counts


@pytest.mark.django_db
def test_a_process_reads_the_vocabulary_again_after_a_publish(make_treatment):
    make_treatment("Lipoma removal")
    assert "lipoma" in current_vocabulary().counts
    make_treatment("Sclerotherapy")
    assert "sclerotherapy" in current_vocabulary().counts


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL keeps its word table by triggers")
def test_postgres_word_counts_survive_a_truncate_and_match_a_recount(make_treatment):
    make_treatment("Lipoma removal", summary="Removal of a lipoma.")
    make_treatment("Cyst removal")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, count(*) FROM wagtailsearch_indexentry, "
            "unnest(search_entry_words(title_text, body_text)) AS word GROUP BY word"
        )
        recount = dict(cursor.fetchall())
        cursor.execute("SELECT word, entries FROM search_word")
        assert dict(cursor.fetchall()) == recount
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending, so TRUNCATE may run
        cursor.execute("TRUNCATE wagtailsearch_indexentry")
        cursor.execute("SELECT count(*) FROM search_word")
        assert cursor.fetchone() == (0,)


@pytest.mark.django_db
def test_the_search_page_says_what_it_searched_for_and_offers_the_words_as_typed(client, make_treatment):
    make_treatment("Lipoma removal", summary="A soft lump under the skin, removed under local anaesthetic.")
    response = client.get("/search/", {"q": "lypoma"})
    outcome = response.context["outcome"]
    assert [hit.page.title for hit in outcome.page] == ["Lipoma removal"]
    assert outcome.corrected_text == "lipoma"
    html = response.content.decode()
    assert "1 result for “lipoma”" in html
    assert "Showing results for" in html
    assert "as_typed=1" in html
    as_typed = client.get("/search/", {"q": "lypoma", "as_typed": "1"}).context["outcome"]
    assert as_typed.total == 0
    assert as_typed.corrected_text == ""


@pytest.mark.django_db
def test_autocomplete_tolerates_a_typo_in_the_word_being_typed(make_treatment):
    make_treatment("Sclerotherapy for thread veins")
    assert [hit.page.title for hit in autocomplete("sclerath")] == ["Sclerotherapy for thread veins"]
    assert [hit.page.title for hit in autocomplete("thraed veins")] == ["Sclerotherapy for thread veins"]

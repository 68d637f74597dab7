"""Relevance on a clinic nobody tuned search for: the skin and vein clinic's queries find their pages.

The corpus (README.md beside this file) is loaded as a site and searched through the
search page, as a visitor would. Its queries come in three halves: ``tune`` was looked
at while search was being changed, ``heldout`` never was, and ``fresh`` was written
blind afterwards and must never be tuned on either. All are held to the same
targets: MRR@10 of at least 0.90 over all queries, and misspelt words finding the
right page first at least 8 times in 10. The product's starter vocabulary
(search/starter_synonyms.toml) must not lower any half's score. The two held-out
queries it once lowered were read to find why (a group holding a broad word, and a
phrase synonym counting as one word of the query); the fresh half, never read, is
the check that those fixes were not fitted to them. On PostgreSQL a third held-out
query, read the same day, was lowered because a word's synonyms diluted it (fixed by
scoring a word's alternatives by their best, ``ranked.Alternatives``).
"""

import pytest

from search.starter import load_starter_synonyms

from .corpus import judge, load_skin_clinic

pytestmark = pytest.mark.django_db

MIN_MRR = 0.90
MIN_MISSPELLING_SUCCESS_AT_1 = 0.8
HALVES = ("tune", "heldout", "fresh")


def scores_of(client):
    def search(text):
        outcome = client.get("/search/", {"q": text}).context["outcome"]
        return [hit.page.slug for hit in outcome.page]

    return {half: judge(search, half) for half in HALVES}


def report(title, results):
    print(f"\n{title}")
    for half, (scores, _misses) in results.items():
        print(f"  {half}")
        for kind, kind_scores in scores.items():
            print(f"    {kind_scores.line(kind)}")


#: The judged results without synonyms and with the starter vocabulary, measured once per run.
_measured = {}


@pytest.fixture
def measured(client, settings, tmp_path):
    """``(plain, starter)``: each {half: (scores, misses)}."""
    if not _measured:
        settings.MEDIA_ROOT = tmp_path / "media"
        load_skin_clinic()
        _measured["plain"] = scores_of(client)
        report("Without synonyms", _measured["plain"])
        load_starter_synonyms()
        _measured["starter"] = scores_of(client)
        report("With the starter vocabulary", _measured["starter"])
    return _measured["plain"], _measured["starter"]


@pytest.mark.parametrize("half", HALVES)
def test_queries_nobody_tuned_for_find_their_pages_with_and_without_the_starter_vocabulary(measured, half):
    for results in measured:
        scores, misses = results[half]
        assert scores["all"].mrr >= MIN_MRR, misses
        assert scores["misspelling"].success_at_1 >= MIN_MISSPELLING_SUCCESS_AT_1, misses


@pytest.mark.parametrize("half", HALVES)
def test_the_starter_vocabulary_does_not_lower_any_half(measured, half):
    plain, starter = measured
    assert starter[half][0]["all"].mrr >= plain[half][0]["all"].mrr

"""Relevance on a clinic nobody tuned search for: the skin and vein clinic's queries find their pages.

The corpus (README.md beside this file) is loaded as a site and searched through the
search page, as a visitor would. Its queries come in two halves: ``tune`` was looked
at while search was being changed, ``heldout`` never was. Both are held to the same
targets: MRR@10 of at least 0.90 over all queries, and misspelt words finding the
right page first at least 8 times in 10. The product's starter vocabulary
(search/starter_synonyms.toml) must not lower either half's score.
"""

import pytest

from search.starter import load_starter_synonyms

from .corpus import judge, load_skin_clinic

pytestmark = pytest.mark.django_db

MIN_MRR = 0.90
MIN_MISSPELLING_SUCCESS_AT_1 = 0.8
HALVES = ("tune", "heldout")


@pytest.fixture
def skin_clinic(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_skin_clinic()


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


def test_queries_nobody_tuned_for_find_their_pages_with_and_without_the_starter_vocabulary(client, skin_clinic):
    plain = scores_of(client)
    report("Without synonyms", plain)
    load_starter_synonyms()
    starter = scores_of(client)
    report("With the starter vocabulary", starter)
    for half in HALVES:
        for results in (plain, starter):
            scores, misses = results[half]
            assert scores["all"].mrr >= MIN_MRR, (half, misses)
            assert scores["misspelling"].success_at_1 >= MIN_MISSPELLING_SUCCESS_AT_1, (half, misses)
        assert starter[half][0]["all"].mrr >= plain[half][0]["all"].mrr, half

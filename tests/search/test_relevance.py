"""Relevance: lay-language queries over the demo clinic find the right page first.

Each query is judged: the page a visitor asking it should see first. The demo
content (``manage.py load_demo_content``: five treatments, nine articles and the
demo synonyms) is searched through the search page, as a visitor would. The mean
reciprocal rank (1 for first place, 1/2 for second, ...) must be at least 0.9, and
every judged page must be in the top three.
"""

from io import StringIO
from statistics import mean

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

MIN_MEAN_RECIPROCAL_RANK = 0.9
WORST_ACCEPTABLE_RANK = 3

MIGRAINE = "botox-for-chronic-migraine"
SWEATING = "botox-for-excessive-sweating"
WRINKLES = "anti-wrinkle-injections"
PEEL = "chemical-peel"
NEEDLING = "microneedling"

JUDGED = [
    ("shots for migraines", MIGRAINE),
    ("botox headache", MIGRAINE),
    ("migrane injections", MIGRAINE),
    ("onabotulinumtoxinA for migraine", MIGRAINE),
    ("jabs for chronic headaches", MIGRAINE),
    ("how often are migraine injections repeated", MIGRAINE),
    ("sweaty armpits", SWEATING),
    ("botox for sweating", SWEATING),
    ("hyperhidrosis treatment", SWEATING),
    ("underarm sweat injections", SWEATING),
    ("hyperhydrosis", SWEATING),
    ("wrinkle jabs", WRINKLES),
    ("frown lines", WRINKLES),
    ("crow's feet", WRINKLES),
    ("forehead lines injections", WRINKLES),
    ("skin peel", PEEL),
    ("acid peel for dull skin", PEEL),
    ("dark spots uneven skin tone", PEEL),
    ("collagen induction therapy", NEEDLING),
    ("skin needling for acne scars", NEEDLING),
    ("dermaroller", NEEDLING),
    ("headache diary", "keeping-a-headache-diary"),
    ("how do I track my headaches", "keeping-a-headache-diary"),
    ("tension headache or migraine", "migraine-or-tension-type-headache"),
    ("what to expect from botox for migraine", "botox-for-chronic-migraine-what-to-expect"),
    ("sweat soaking through my clothes", "excessive-sweating-when-to-talk-to-someone"),
    ("questions to ask before anti wrinkle treatment", "anti-wrinkle-injections-questions-to-ask"),
    ("aftercare after a chemical peel", "skin-care-after-a-chemical-peel"),
    ("peel or microneedling", "microneedling-or-chemical-peel"),
    ("what happens at my first appointment", "your-first-visit"),
    ("sunscreen every day", "everyday-sun-protection"),
]


@pytest.fixture
def demo_site(settings, tmp_path):
    """The demo clinic, with its images in a throwaway media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo_content", stdout=StringIO())


def rank(client, query, slug):
    """The position of the page ``slug`` in the first page of results for ``query`` (None if absent)."""
    outcome = client.get("/search/", {"q": query}).context["outcome"]
    slugs = [hit.page.slug for hit in outcome.page]
    return slugs.index(slug) + 1 if slug in slugs else None


def test_judged_queries_find_the_right_page_first(client, demo_site):
    ranks = {query: rank(client, query, slug) for query, slug in JUDGED}
    reciprocal_ranks = [1 / position if position else 0 for position in ranks.values()]
    mean_reciprocal_rank = mean(reciprocal_ranks)
    print(f"\nMean reciprocal rank over {len(JUDGED)} judged queries: {mean_reciprocal_rank:.3f}")
    for query, position in ranks.items():
        print(f"  {position or '-':>2}  {query}")

    assert len(JUDGED) >= 25
    assert mean_reciprocal_rank >= MIN_MEAN_RECIPROCAL_RANK
    assert {query: position for query, position in ranks.items() if not position or position > 3} == {}

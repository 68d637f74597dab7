"""The skin clinic relevance corpus is self-consistent and loadable as real pages.

The corpus is test data for judging search on content nobody tuned for; see the
README beside this file. These checks keep it usable: a loader can create every
page from it, and every judgement points at a page that exists.
"""

import datetime
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from articles.models import ArticlePage
from treatments.models import TreatmentPage

CORPUS = Path(__file__).parent / "skin_clinic"
KINDS = {"lay", "misspelling", "question", "clinical", "brand"}
HALVES = {"tune", "heldout", "fresh"}
MIN_PER_KIND = 20
MIN_FRESH_PER_KIND = 8
ALLOWED_TAGS = {"p", "ul", "li", "strong", "a"}


def load(name):
    return json.loads((CORPUS / name).read_text(encoding="utf-8"))


TREATMENTS = load("treatments.json")
ARTICLES = load("articles.json")
QUERIES = load("queries.json")
PAGE_SETS = [(TREATMENTS, TreatmentPage), (ARTICLES, ArticlePage)]


def stream_block(model):
    return model.body.field.stream_block


def test_slugs_are_unique_across_treatments_and_articles():
    """Relevance lists mix both page types, so a slug must name exactly one page."""
    counts = Counter(page["slug"] for page in TREATMENTS + ARTICLES)
    assert [slug for slug, n in counts.items() if n > 1] == []
    assert len(TREATMENTS) >= 40 and len(ARTICLES) >= 40


def test_every_relevant_and_related_slug_exists():
    """Each judged answer and each article's related treatment is a page in the corpus."""
    pages = {page["slug"] for page in TREATMENTS + ARTICLES}
    treatments = {page["slug"] for page in TREATMENTS}
    missing = [(q["query"], slug) for q in QUERIES for slug in q["relevant"] if slug not in pages]
    missing += [
        (a["slug"], slug) for a in ARTICLES for slug in a["related_treatments"] if slug not in treatments
    ]
    assert missing == []
    assert all(q["relevant"] for q in QUERIES), "every query has at least one right answer"


def test_every_kind_has_enough_queries_split_evenly_in_alternation():
    """Each kind has 20 or more tune / heldout queries, alternating in the order written.

    The fresh half is judged apart, so it is left out of the alternation here.
    """
    assert {q["kind"] for q in QUERIES} == KINDS
    assert {q["half"] for q in QUERIES} == HALVES
    for kind in KINDS:
        halves = [q["half"] for q in QUERIES if q["kind"] == kind and q["half"] != "fresh"]
        assert len(halves) >= MIN_PER_KIND, kind
        assert halves == [("tune", "heldout")[i % 2] for i in range(len(halves))], kind
        assert halves.count("tune") == halves.count("heldout"), kind


def test_the_fresh_half_is_appended_after_the_others_and_covers_every_kind():
    """Fresh queries were written after the other halves, so they follow them in the file.

    Keeping them at the end means adding them left the tune / heldout split untouched;
    each kind has enough of them for its own score to mean something.
    """
    halves = [q["half"] for q in QUERIES]
    first_fresh = halves.index("fresh")
    assert set(halves[first_fresh:]) == {"fresh"}
    for kind in KINDS:
        fresh = [q for q in QUERIES if q["kind"] == kind and q["half"] == "fresh"]
        assert len(fresh) >= MIN_FRESH_PER_KIND, kind


def test_misspellings_include_twenty_single_words():
    """At least 20 misspelling queries are one word, so fuzzy matching is judged on its own."""
    single = [q for q in QUERIES if q["kind"] == "misspelling" and len(q["query"].split()) == 1]
    assert len(single) >= MIN_PER_KIND


def test_queries_are_unique():
    """The same query judged twice would count twice in the metrics."""
    counts = Counter(q["query"].lower() for q in QUERIES)
    assert [text for text, n in counts.items() if n > 1] == []


@pytest.mark.parametrize(("pages", "model"), PAGE_SETS, ids=["treatments", "articles"])
def test_body_block_types_are_the_page_types_block_names(pages, model):
    """Every body block is one the page type's StreamField offers."""
    names = set(stream_block(model).child_blocks)
    unknown = {block["type"] for page in pages for block in page["body"]} - names
    assert unknown == set()


@pytest.mark.parametrize(("pages", "model"), PAGE_SETS, ids=["treatments", "articles"])
def test_every_body_validates_through_its_stream_block(pages, model):
    """Each body passes the StreamField block's own validation, so a loader can publish it."""
    block = stream_block(model)
    failures = {}
    for page in pages:
        try:
            block.clean(block.to_python(page["body"]))
        except ValidationError as error:
            failures[page["slug"]] = str(error)
    assert failures == {}


def test_stream_validation_rejects_a_broken_body():
    """The validation above has teeth: a risks section naming no common side effect is refused."""
    block = stream_block(TreatmentPage)
    broken = [{"type": "risks", "value": {"common": [], "rare": ["A scar"]}}]
    with pytest.raises(ValidationError):
        block.clean(block.to_python(broken))


def test_rich_text_uses_only_simple_html():
    """Rich text holds only paragraphs, lists, bold and links, which every editor feature set allows."""
    text = (CORPUS / "treatments.json").read_text(encoding="utf-8") + (CORPUS / "articles.json").read_text(
        encoding="utf-8"
    )
    assert set(re.findall(r"</?([a-zA-Z0-9]+)", text)) <= ALLOWED_TAGS


def test_pages_have_their_listing_fields():
    """Treatments carry a summary, conditions and tags; articles a valid date, intro and tags."""
    for page in TREATMENTS:
        assert page["title"] and page["summary"] and page["conditions"] and page["tags"], page["slug"]
    for page in ARTICLES:
        datetime.date.fromisoformat(page["date"])
        assert page["title"] and page["intro"] and page["tags"], page["slug"]

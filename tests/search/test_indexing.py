"""What the index holds: every text a visitor could search for, kept current as pages change."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from tests.factories import ConditionFactory, TreatmentIndexPageFactory, full_body
from tests.search.conftest import publish

pytestmark = pytest.mark.django_db


def found(word):
    """Titles of the live pages a search for ``word`` finds."""
    return [page.title for page in Page.objects.live().search(word, operator="or")]


def every_block(marker):
    """A treatment body using every block type, each holding a word made from ``marker``."""
    return [
        {
            "type": "how_it_works",
            "value": {
                "heading": f"{marker}heading",
                "intro": f"<p>{marker}intro</p>",
                "steps": [{"title": f"{marker}steptitle", "description": f"{marker}stepdescription"}],
                "treatment_areas": [f"{marker}area"],
            },
        },
        {
            "type": "frequency",
            "value": {
                "initial_course": f"{marker}course",
                "interval_min": 3,
                "interval_max": 6,
                "interval_unit": "months",
                "results_last": f"{marker}lasting",
                "notes": f"<p>{marker}timing</p>",
            },
        },
        {
            "type": "candidacy",
            "value": {
                "suitable_for": [f"{marker}suitable"],
                "not_suitable_for": [f"{marker}unsuitable"],
                "usually_tried_first": [f"{marker}tried"],
                "notes": "",
            },
        },
        {"type": "risks", "value": {"common": [f"{marker}common"], "rare": [f"{marker}rare"], "notes": ""}},
        {
            "type": "faq",
            "value": {
                "heading": "",
                "items": [{"question": f"{marker}question?", "answer": f"<p><b>{marker}answer</b></p>"}],
            },
        },
        {"type": "rich_text", "value": f"<h2>{marker}subheading</h2><ul><li>{marker}listitem</li></ul>"},
        {"type": "callout", "value": {"kind": "info", "heading": "", "text": f"<p>{marker}callout</p>"}},
        {
            "type": "cta",
            "value": {
                "heading": f"{marker}cta",
                "text": "",
                "button_label": "Book",
                "external_url": "https://example.com/book",
            },
        },
    ]


BLOCK_WORDS = [
    "heading",
    "intro",
    "steptitle",
    "stepdescription",
    "area",
    "course",
    "lasting",
    "timing",
    "suitable",
    "unsuitable",
    "tried",
    "common",
    "rare",
    "question",
    "answer",
    "subheading",
    "listitem",
    "callout",
    "cta",
]


def test_every_block_text_is_indexed(make_treatment):
    """Text in every block (lists, nested steps, FAQ questions and answers, rich text) is searchable."""
    make_treatment("Everything", body=every_block("zq"))
    missing = [word for word in BLOCK_WORDS if found(f"zq{word}") != ["Everything"]]
    assert missing == []


def test_titles_summaries_conditions_and_tags_are_indexed(make_treatment, make_article):
    """A page is found by its title, summary or introduction, conditions and tags."""
    make_treatment("Quokkatitle", summary="Quokkasummary", tags=["Quokkatag"], conditions=["Quokkacondition"])
    make_article("Wombat", intro="Wombatintro", tags=["Wombattag"])
    for word in ("quokkatitle", "quokkasummary", "quokkatag", "quokkacondition"):
        assert found(word) == ["Quokkatitle"], word
    for word in ("wombatintro", "wombattag"):
        assert found(word) == ["Wombat"], word


def test_title_and_conditions_outrank_body_text(make_treatment):
    """Of similar pages, those naming the word in their title or conditions outrank a passing mention."""
    mention = {"type": "rich_text", "value": "<p>We also see people with rosacea.</p>"}
    make_treatment("Skin clinic", body=[*full_body(), mention])
    make_treatment("Rosacea care")
    make_treatment("Redness treatment", conditions=["Papular rosacea"])
    assert found("rosacea")[-1] == "Skin clinic"


def test_publishing_new_tags_and_conditions_updates_the_index(make_treatment, client):
    """Tags and conditions added in a new revision are searchable once it is published."""
    page = make_treatment("Microneedling")
    page.tags.add("collagen")
    page.conditions.add(ConditionFactory(name="Stretch marks"))
    publish(page)
    assert found("collagen") == found("stretch") == ["Microneedling"]


def test_unpublished_pages_leave_the_results_and_come_back(make_treatment):
    """Unpublishing hides a page from search; publishing again brings it back."""
    page = make_treatment("Chemical peel")
    page.unpublish()
    assert found("peel") == []
    publish(page)
    assert found("peel") == ["Chemical peel"]


def test_deleted_pages_leave_the_index(make_treatment):
    """Deleting a page removes its index entry."""
    page = make_treatment("Chemical peel")
    entries = IndexEntry.objects.filter(object_id=str(page.pk))
    assert entries.exists()
    page.delete()
    assert found("peel") == []
    assert not entries.exists()


def test_moved_pages_are_found_at_their_new_address(make_treatment, home_page, client):
    """After a move the page is still found, and the result links to its new URL."""
    page = make_treatment("Chemical peel")
    new_parent = TreatmentIndexPageFactory(parent=home_page, title="Skin", slug="skin")
    page.move(new_parent, pos="last-child")
    response = client.get("/search/", {"q": "peel"})
    assert [hit.page.url for hit in response.context["outcome"].page] == ["/skin/chemical-peel/"]


def test_update_index_rebuilds_the_index(make_treatment):
    """``manage.py update_index`` restores an emptied index."""
    make_treatment("Chemical peel")
    get_search_backend().reset_indexes()
    assert found("peel") == []
    call_command("update_index", stdout=StringIO(), verbosity=0)
    assert found("peel") == ["Chemical peel"]

"""What the index holds: every text a visitor could search for, kept current as pages change."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from tests.factories import ConditionFactory, ImageFactory, TreatmentIndexPageFactory, full_body, preview_body
from tests.search.conftest import publish
from treatments.blocks import TreatmentBodyBlock

pytestmark = pytest.mark.django_db


def found(word):
    """Titles of the live pages a search for ``word`` finds."""
    return [page.title for page in Page.objects.live().search(word, operator="or")]


def marked_body():
    """A treatment body holding every block, each text in it a word of its own; and those words."""
    words = []

    def word(path):
        words.append(
            "zq" + "".join(chr(ord("a") + p) if isinstance(p, int) else p.replace("_", "") for p in path)
        )
        return words[-1]

    ImageFactory()  # the image block previews the newest image in the library
    return preview_body(TreatmentBodyBlock(), text=word), words


def test_every_block_text_is_indexed(make_treatment):
    """Every text of every block (lists, nested steps, FAQ answers, rich text headings) is searchable."""
    body, words = marked_body()
    markup = "<h2>zqsubheading</h2><ul><li>zqlistitem</li></ul><p><b>zqbold</b></p>"
    body.append({"type": "rich_text", "value": markup})
    words += ["zqsubheading", "zqlistitem", "zqbold"]
    make_treatment("Everything", body=body)
    missing = [word for word in words if found(word) != ["Everything"]]
    assert len(words) > 30
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

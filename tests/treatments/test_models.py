"""Treatment pages and the treatment index: listing, filtering and reading the structured body."""

import pytest
from django.http import Http404

from tests.factories import ConditionFactory, TreatmentPageFactory, faq_value, full_body
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(treatment_index):
    """Four treatments: two for migraine, one aesthetic, and an unpublished one."""
    migraine = ConditionFactory(name="Chronic migraine", slug="chronic-migraine")
    lines = ConditionFactory(name="Frown lines", slug="frown-lines")
    botox = TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraine")
    nerve = TreatmentPageFactory(parent=treatment_index, title="Nerve block for migraine")
    wrinkles = TreatmentPageFactory(
        parent=treatment_index, title="Anti-wrinkle injections", category="aesthetic"
    )
    draft = TreatmentPageFactory(parent=treatment_index, title="Acupuncture", live=False)
    botox.conditions.set([migraine])
    nerve.conditions.set([migraine])
    wrinkles.conditions.set([lines])
    draft.conditions.set([migraine])
    for page in (botox, nerve, wrinkles, draft):
        page.save()
    return {"migraine": migraine, "lines": lines}


def listing(index, rf, **query):
    context = index.get_context(rf.get("/treatments/", query))
    return [page.title for page in context["treatments"]], context


class TestTreatmentIndex:
    def test_lists_live_treatments_by_title(self, treatment_index, listed, rf):
        """Visitors see every published treatment in alphabetical order, never drafts."""
        titles, _context = listing(treatment_index, rf)
        assert titles == ["Anti-wrinkle injections", "Botox for chronic migraine", "Nerve block for migraine"]

    def test_filters_by_condition(self, treatment_index, listed, rf):
        """?condition=<slug> narrows the list to treatments for that condition."""
        titles, context = listing(treatment_index, rf, condition="chronic-migraine")
        assert titles == ["Botox for chronic migraine", "Nerve block for migraine"]
        assert context["selected_condition"] == listed["migraine"]

    def test_filters_by_category(self, treatment_index, listed, rf):
        """?category=aesthetic narrows the list to aesthetic treatments."""
        titles, _context = listing(treatment_index, rf, category="aesthetic")
        assert titles == ["Anti-wrinkle injections"]

    def test_offers_only_conditions_with_live_treatments(self, treatment_index, listed, rf):
        """The condition filter lists conditions that have something to show."""
        ConditionFactory(name="Unused", slug="unused")
        _titles, context = listing(treatment_index, rf)
        assert set(context["conditions"]) == {listed["migraine"], listed["lines"]}

    def test_offers_only_categories_with_live_treatments(self, treatment_index, listed, rf):
        """No category chip leads to an empty list ('Wellbeing' with no wellbeing treatments)."""
        _titles, context = listing(treatment_index, rf)
        offered = {value for value, _label in context["categories"]}
        assert offered == {page.category for page in treatment_index.treatments()}
        assert "wellbeing" not in offered

    @pytest.mark.parametrize("query", [{"condition": "no-such-thing"}, {"category": "nonsense"}])
    def test_unknown_filters_are_not_found(self, treatment_index, listed, rf, query):
        """A filter link to something that does not exist is a 404, not an empty page or a 500."""
        with pytest.raises(Http404):
            listing(treatment_index, rf, **query)


class TestTreatmentPageBody:
    def test_first_block_finds_a_section_by_name(self, treatment_index):
        """Templates and JSON-LD ask for a section by its block name."""
        page = TreatmentPageFactory(parent=treatment_index)
        assert page.first_block("frequency").interval_text() == "every 3 to 6 months"
        assert page.first_block("cta") is None

    def test_faq_items_gathers_every_faq_block(self, treatment_index):
        """Questions from several FAQ blocks are gathered in page order (for FAQPage data)."""
        page = TreatmentPageFactory(parent=treatment_index, body=[*full_body(faq_count=2), faq_value(1)])
        assert [item["question"] for item in page.faq_items()] == [
            "Question 0?",
            "Question 1?",
            "Question 0?",
        ]

    def test_table_of_contents_lists_the_sections_with_unique_anchors(self, treatment_index):
        """Each headed section gets an anchor; repeated headings get distinct ones."""
        page = TreatmentPageFactory(parent=treatment_index, body=[*full_body(), faq_value(1)])
        assert page.table_of_contents == [
            ("how-it-works", "How it works"),
            ("how-often", "How often"),
            ("who-it-is-for", "Who it is for"),
            ("risks-and-side-effects", "Risks and side effects"),
            ("frequently-asked-questions", "Frequently asked questions"),
            ("frequently-asked-questions-2", "Frequently asked questions"),
        ]

    def test_summary_is_the_meta_description_fallback(self, treatment_index):
        """Listings and search engines use the summary when no search description is set."""
        page = TreatmentPageFactory(parent=treatment_index, summary="Injections that may help.")
        assert page.get_meta_description() == "Injections that may help."

    def test_the_body_is_searchable_including_faq_answers(self, treatment_index):
        """FAQ questions and answers are part of the text the search index sees."""
        page = TreatmentPageFactory(parent=treatment_index)
        body_block = TreatmentPage._meta.get_field("body").stream_block
        text = " ".join(body_block.get_searchable_content(page.body))
        assert "Question 1?" in text
        assert "Answer 1, ask your provider." in text
        assert "Brief redness where injected" in text

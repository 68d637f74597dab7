"""The structured treatment blocks: their validation, phrasing and what they offer editors."""

from pathlib import Path

import pytest
import wagtail
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from tests.factories import full_body
from treatments.blocks import (
    CandidacyBlock,
    FrequencyBlock,
    HowItWorksBlock,
    RisksBlock,
    StepBlock,
    TreatmentBodyBlock,
)

CONTRACT_BLOCK_NAMES = [
    "how_it_works",
    "frequency",
    "candidacy",
    "risks",
    "faq",
    "rich_text",
    "image",
    "callout",
    "cta",
]
WAGTAIL_ICONS = Path(wagtail.__file__).parent / "admin/templates/wagtailadmin/icons"


def help_text_of(block):
    """A struct block's help text sits on its Meta; a field block's on its form field."""
    return getattr(block.meta, "help_text", None) or block.field.help_text


def frequency(**overrides):
    raw = {
        "heading": "",
        "initial_course": "Two sessions, 12 weeks apart",
        "interval_min": 3,
        "interval_max": 6,
        "interval_unit": "months",
        "results_last": "Around three months",
        "session_length_minutes": 20,
        "notes": "",
    }
    return FrequencyBlock().normalize({**raw, **overrides})


def clean_errors(block, value):
    """The JSON error data the admin would show for ``value``."""
    with pytest.raises((StructBlockValidationError, StreamBlockValidationError)) as caught:
        block.clean(value)
    return caught.value.as_json_data()


class TestFrequencyBlock:
    def test_a_range_is_valid_and_reads_naturally(self):
        """Every 3 to 6 months is stored as numbers and read back as a phrase."""
        value = FrequencyBlock().clean(frequency())
        assert (value["interval_min"], value["interval_max"]) == (3, 6)
        assert value.interval_text() == "every 3 to 6 months"
        assert value.session_length_text() == "about 20 minutes"

    def test_a_fixed_interval_reads_as_one_number(self):
        """When both ends agree the phrase gives one number."""
        value = FrequencyBlock().clean(frequency(interval_min=12, interval_max=12, interval_unit="weeks"))
        assert value.interval_text() == "every 12 weeks"

    def test_minimum_above_maximum_is_refused(self):
        """'Every 6 to 3 months' is refused, naming both numbers, on the longest interval."""
        errors = clean_errors(FrequencyBlock(), frequency(interval_min=6, interval_max=3))
        assert errors == {
            "blockErrors": {
                "interval_max": {
                    "messages": ["The longest interval (3) cannot be shorter than the shortest (6)."]
                }
            }
        }

    def test_reversed_interval_is_reported_with_the_other_errors(self):
        """A missing field does not hide the reversed interval: both errors show on the first save.

        The admin hands the block text from the form, so the numbers arrive as strings.
        """
        errors = clean_errors(
            FrequencyBlock(), frequency(interval_min="6", interval_max="4", initial_course="")
        )
        assert set(errors["blockErrors"]) == {"initial_course", "interval_max"}
        assert errors["blockErrors"]["interval_max"]["messages"] == [
            "The longest interval (4) cannot be shorter than the shortest (6)."
        ]

    def test_results_last_and_session_length_are_optional(self):
        """An editor whose source gives no duration or session length need not invent one."""
        value = FrequencyBlock().clean(frequency(results_last="", session_length_minutes=None))
        assert value["results_last"] == ""
        assert value.session_length_text() == ""

    def test_the_numbers_have_labels_an_editor_can_read(self):
        """The form reads "Repeat every (at least)", not the field names "Interval min"."""
        labels = {name: child.label for name, child in FrequencyBlock().child_blocks.items()}
        assert labels["interval_min"] == "Repeat every (at least)"
        assert labels["interval_max"] == "Repeat every (at most)"
        assert labels["session_length_minutes"] == "Session length (minutes)"

    def test_a_draft_may_leave_the_interval_blank(self):
        """Saving a draft with no numbers yet does not crash the range check."""
        value = FrequencyBlock().clean_deferred(frequency(interval_min=None, interval_max=None))
        assert value.interval_text() == ""

    @pytest.mark.parametrize("bad", [0, 105])
    def test_numbers_stay_in_a_sensible_range(self, bad):
        """Intervals are between 1 and 104 (two years in weeks)."""
        errors = clean_errors(FrequencyBlock(), frequency(interval_min=bad, interval_max=105))
        assert "interval_min" in errors["blockErrors"]


class TestStructuredSections:
    def test_how_it_works_keeps_the_steps_in_order(self):
        """Steps come back in the order the editor put them."""
        block = HowItWorksBlock()
        raw = {
            "heading": "",
            "intro": "<p>Intro</p>",
            "steps": [{"title": "First", "description": "a"}, {"title": "Second", "description": "b"}],
            "treatment_areas": ["Forehead", "Neck"],
        }
        value = block.clean(block.normalize(raw))
        assert [step["title"] for step in value["steps"]] == ["First", "Second"]
        assert list(value["treatment_areas"]) == ["Forehead", "Neck"]
        assert value.display_heading() == "How it works"

    def test_how_it_works_may_have_no_steps(self):
        """An editor whose source describes no steps publishes the introduction alone."""
        block = HowItWorksBlock()
        raw = {"heading": "", "intro": "<p>Small injections.</p>", "steps": [], "treatment_areas": []}
        assert list(block.clean(block.normalize(raw))["steps"]) == []

    def test_candidacy_needs_a_criterion_and_keeps_its_three_lists(self):
        """Who it suits is required; contraindications and what is tried first are separate lists."""
        block = CandidacyBlock()
        raw = {
            "heading": "",
            "suitable_for": ["15 or more headache days a month"],
            "not_suitable_for": ["Unwell on the day"],
            "usually_tried_first": ["Preventive tablets"],
            "notes": "",
        }
        value = block.clean(block.normalize(raw))
        assert list(value["not_suitable_for"]) == ["Unwell on the day"]
        errors = clean_errors(block, block.normalize({**raw, "suitable_for": []}))
        assert "suitable_for" in errors["blockErrors"]

    def test_risks_separate_common_from_rare(self):
        """Common side effects are required; rare ones are listed apart."""
        block = RisksBlock()
        value = block.clean(block.normalize({"heading": "", "common": ["Redness"], "rare": [], "notes": ""}))
        assert list(value["common"]) == ["Redness"]
        errors = clean_errors(block, block.normalize({"heading": "", "common": [], "rare": [], "notes": ""}))
        assert "common" in errors["blockErrors"]

    @pytest.mark.parametrize(
        ("block_class", "optional", "required"),
        [
            (HowItWorksBlock, ["steps", "treatment_areas"], []),
            (CandidacyBlock, ["not_suitable_for", "usually_tried_first"], ["suitable_for"]),
            (RisksBlock, ["rare"], ["common"]),
        ],
    )
    def test_optional_lists_start_empty_and_required_ones_with_a_line(self, block_class, optional, required):
        """A new block is publishable once its required parts are filled: no blank optional line is left."""
        default = block_class().get_default()
        assert {name: len(default[name]) for name in optional + required} == {
            **dict.fromkeys(optional, 0),
            **dict.fromkeys(required, 1),
        }


class TestTreatmentBodyBlock:
    def test_block_names_are_the_contract(self):
        """Templates, JSON-LD and search rely on exactly these block names."""
        assert sorted(TreatmentBodyBlock().child_blocks) == sorted(CONTRACT_BLOCK_NAMES)

    def test_a_full_body_is_valid(self):
        """The factories' body, with every structured section, passes validation."""
        block = TreatmentBodyBlock()
        value = block.clean(block.to_python(full_body()))
        assert [child.block_type for child in value] == [
            "how_it_works",
            "frequency",
            "candidacy",
            "risks",
            "faq",
        ]

    def test_one_call_to_action(self):
        """A second call to action would be a second booking prompt, so only one is allowed."""
        block = TreatmentBodyBlock()
        cta = {"type": "cta", "value": block.child_blocks["cta"].get_preview_value()}
        errors = clean_errors(block, block.to_python([*full_body(), cta, cta]))
        assert errors["messages"] == ["Call to action: The maximum number of items is 1"]

    def test_the_call_to_action_says_what_the_page_adds(self):
        """Its help text tells the editor the page ends with a booking box that it replaces."""
        help_text = str(TreatmentBodyBlock().child_blocks["cta"].meta.help_text)
        assert "'Talk to us' box" in help_text
        assert "takes that box's place" in help_text

    def test_each_structured_section_appears_once(self):
        """Two 'how often' sections on one page would contradict each other, so only one is allowed."""
        block = TreatmentBodyBlock()
        body = full_body()
        errors = clean_errors(block, block.to_python([*body, body[1]]))
        assert errors["messages"] == ["How often: The maximum number of items is 1"]


@pytest.mark.parametrize("name", CONTRACT_BLOCK_NAMES)
def test_every_block_offered_to_editors_is_explained(name):
    """Each block has a real icon, a description and help text for the editor."""
    block = TreatmentBodyBlock().child_blocks[name]
    assert block.meta.icon != "placeholder"
    assert (WAGTAIL_ICONS / f"{block.meta.icon}.svg").exists()
    assert block.get_description()
    assert help_text_of(block)


@pytest.mark.parametrize("name", [n for n in CONTRACT_BLOCK_NAMES if n != "image"])
def test_every_preview_value_is_itself_valid(name):
    """Each block's preview shows content an editor could have saved (the image needs the library)."""
    block = TreatmentBodyBlock().child_blocks[name]
    preview = block.get_preview_value()
    assert block.clean(preview) is not None


def test_nested_blocks_have_icons():
    """The repeated parts (a step, a question) also have their own icons in the editor."""
    assert StepBlock().meta.icon == "list-ol"
    assert TreatmentBodyBlock().child_blocks["faq"].child_blocks["items"].child_block.meta.icon == "help"

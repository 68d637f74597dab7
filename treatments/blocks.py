"""Structured blocks for treatment pages.

The block names in ``TreatmentBodyBlock`` (how_it_works, frequency, candidacy,
risks, faq, rich_text, image, callout, cta) are a contract: templates, JSON-LD and
search rely on them.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import blocks

from cms.blocks import BodyBlock, CallToActionBlock, SectionValue, heading_block, short_rich_text


def text_list(help_text, min_num=None, item_help=""):
    """A list of short plain-text lines, such as criteria or side effects.

    An optional list starts empty: Wagtail's default of one blank line would be
    "required" on publishing, though the editor never meant to fill it.
    """
    optional = {} if min_num else {"default": []}
    return blocks.ListBlock(
        blocks.CharBlock(max_length=200, help_text=item_help),
        min_num=min_num,
        help_text=help_text,
        **optional,
    )


class StepBlock(blocks.StructBlock):
    """One step of the procedure, in the order it happens."""

    title = blocks.CharBlock(max_length=100, help_text=_("e.g. 'Consultation'."))
    description = blocks.TextBlock(max_length=500, help_text=_("What happens, in one or two sentences."))

    class Meta:
        icon = "list-ol"
        label = _("Step")
        description = _("One step of the treatment.")
        help_text = _("A short title and what happens.")
        preview_value = {
            "title": "Consultation",
            "description": "Your provider asks about your health and goals.",
        }


class HowItWorksBlock(blocks.StructBlock):
    """What happens during the treatment: an introduction, the steps and the areas treated."""

    heading = heading_block(_("How it works"))
    intro = short_rich_text(_("A short plain-language explanation."), required=False)
    steps = blocks.ListBlock(
        StepBlock(),
        default=[],
        help_text=_("In the order they happen. Optional: leave empty if your source gives no steps."),
    )
    treatment_areas = text_list(
        _("Parts of the body treated, e.g. forehead, temples, neck."), item_help=_("One area.")
    )

    class Meta:
        icon = "cogs"
        label = _("How it works")
        template = "components/blocks/how_it_works.html"
        value_class = SectionValue
        default_heading = _("How it works")
        description = _("An introduction, numbered steps and the areas treated.")
        help_text = _("Explain the procedure in the order a patient experiences it.")
        preview_value = {
            "intro": "<p>Your provider explains each step before anything starts.</p>",
            "steps": [
                {"title": "Consultation", "description": "Your provider asks about your health and goals."},
                {"title": "Treatment", "description": "The treatment you agreed on, at the clinic."},
                {"title": "Follow-up", "description": "A check on how you are getting on."},
            ],
            "treatment_areas": ["Forehead", "Temples", "Neck"],
        }


INTERVAL_UNITS = [("weeks", _("weeks")), ("months", _("months"))]


class FrequencyValue(SectionValue):
    """The frequency section's numbers as readable phrases."""

    def interval_text(self):
        """'every 3 to 6 months', or 'every 3 months' when both ends agree; '' in an unfinished draft."""
        low, high = self.get("interval_min"), self.get("interval_max")
        unit = dict(INTERVAL_UNITS).get(self.get("interval_unit"), "")
        if not low:
            return ""
        if not high or low == high:
            return _("every %(n)s %(unit)s") % {"n": low, "unit": unit}
        return _("every %(low)s to %(high)s %(unit)s") % {"low": low, "high": high, "unit": unit}

    def session_length_text(self):
        minutes = self.get("session_length_minutes")
        if not minutes:
            return ""
        return ngettext("about %(n)s minute", "about %(n)s minutes", minutes) % {"n": minutes}


class FrequencyBlock(blocks.StructBlock):
    """How often the treatment is given and how long its effects last."""

    heading = heading_block(_("How often"))
    initial_course = blocks.CharBlock(
        max_length=200,
        help_text=_("The first course, e.g. 'Two sessions, 12 weeks apart'."),
    )
    interval_min = blocks.IntegerBlock(
        min_value=1,
        max_value=104,
        label=_("Repeat every (at least)"),
        help_text=_("The shortest gap between treatments, e.g. 3."),
    )
    interval_max = blocks.IntegerBlock(
        min_value=1,
        max_value=104,
        label=_("Repeat every (at most)"),
        help_text=_("The longest gap, e.g. 6. The same number as above if the gap is fixed."),
    )
    interval_unit = blocks.ChoiceBlock(
        choices=INTERVAL_UNITS,
        default="months",
        label=_("Gap counted in"),
        help_text=_("Weeks or months, for both numbers above."),
    )
    results_last = blocks.CharBlock(
        required=False,
        max_length=200,
        label=_("Results usually last"),
        help_text=_("e.g. 'around three months'. Optional: leave blank if your source does not say."),
    )
    session_length_minutes = blocks.IntegerBlock(
        required=False,
        min_value=1,
        max_value=600,
        label=_("Session length (minutes)"),
        help_text=_("How long one session takes, optional."),
    )
    notes = short_rich_text(_("Anything else about timing, optional."), required=False)

    class Meta:
        icon = "date"
        label = _("How often")
        template = "components/blocks/frequency.html"
        value_class = FrequencyValue
        default_heading = _("How often")
        description = _("The first course, the repeat interval, how long results last.")
        help_text = _("Give the repeat interval as numbers, e.g. every 3 to 6 months.")
        preview_value = {
            "initial_course": "One session, reviewed after two or three rounds",
            "interval_min": 3,
            "interval_max": 6,
            "interval_unit": "months",
            "results_last": "Often around three months; it varies from person to person",
            "session_length_minutes": 20,
            "notes": "<p>Your provider may adjust the timing to suit you.</p>",
        }

    def clean(self, value):
        """The interval runs from shortest to longest (a draft may leave either blank).

        Checked beside the other fields' errors too, so the editor sees every problem
        with the block at once rather than this one only after fixing the rest.
        """
        try:
            cleaned = super().clean(value)
        except blocks.StructBlockValidationError as error:
            if "interval_max" not in error.block_errors:
                error.block_errors.update(self.interval_errors(value))
            raise
        if errors := self.interval_errors(cleaned):
            raise blocks.StructBlockValidationError(block_errors=errors)
        return cleaned

    @staticmethod
    def interval_errors(value):
        """``{"interval_max": error}`` when both ends are numbers and the longest is the shorter."""
        low, high = (_whole_number(value.get(name)) for name in ("interval_min", "interval_max"))
        if low is None or high is None or low <= high:
            return {}
        message = _("The longest interval (%(high)s) cannot be shorter than the shortest (%(low)s).")
        return {"interval_max": ValidationError(message % {"high": high, "low": low})}


def _whole_number(raw):
    """``raw`` (a number, or the text of a form field not yet cleaned) as an int; None if it is not one."""
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


class CandidacyBlock(blocks.StructBlock):
    """Who the treatment suits, who should not have it, and what is usually tried first."""

    heading = heading_block(_("Who it is for"))
    suitable_for = text_list(
        _("Criteria, e.g. '15 or more headache days a month'."), min_num=1, item_help=_("One criterion.")
    )
    not_suitable_for = text_list(_("Reasons not to have it (contraindications)."), item_help=_("One reason."))
    usually_tried_first = text_list(
        _("Treatments usually tried before this one."), item_help=_("One treatment.")
    )
    notes = short_rich_text(_("Anything else, optional."), required=False)

    class Meta:
        icon = "user"
        label = _("Who it is for")
        template = "components/blocks/candidacy.html"
        value_class = SectionValue
        default_heading = _("Who it is for")
        description = _("Who it suits, who should not have it, what is tried first.")
        help_text = _("Keep each criterion short; your provider makes the final decision.")
        preview_value = {
            "suitable_for": ["Adults with 15 or more headache days a month"],
            "not_suitable_for": ["People who are unwell on the day"],
            "usually_tried_first": ["Preventive tablets"],
            "notes": "<p>Your provider makes the final decision with you.</p>",
        }


class RisksBlock(blocks.StructBlock):
    """Common and rare side effects."""

    heading = heading_block(_("Risks and side effects"))
    common = text_list(_("Side effects many people notice."), min_num=1, item_help=_("One side effect."))
    rare = text_list(_("Uncommon or rare side effects."), item_help=_("One side effect."))
    notes = short_rich_text(_("When to contact the clinic, optional."), required=False)

    class Meta:
        icon = "warning"
        label = _("Risks and side effects")
        template = "components/blocks/risks.html"
        value_class = SectionValue
        default_heading = _("Risks and side effects")
        description = _("Common and rare side effects.")
        help_text = _("List each side effect on its own line.")
        preview_value = {
            "common": ["Brief redness where injected"],
            "rare": ["A drooping eyelid"],
            "notes": "<p>Contact the clinic if a side effect worries you.</p>",
        }


class TreatmentBodyBlock(BodyBlock):
    """A treatment page's body: the structured sections plus the general blocks."""

    how_it_works = HowItWorksBlock()
    frequency = FrequencyBlock()
    candidacy = CandidacyBlock()
    risks = RisksBlock()
    cta = CallToActionBlock(
        help_text=_(
            "The page ends with a 'Talk to us' box offering the clinic's booking link and phone "
            "number. A call to action here takes that box's place, so visitors meet one booking "
            "prompt: add one only to say something more specific, and put it last. Choose a page "
            "or enter a web address, not both."
        )
    )

    class Meta:
        block_counts = {
            name: {"max_num": 1} for name in ("how_it_works", "frequency", "candidacy", "risks", "cta")
        }

"""StreamField blocks shared by every page type: text, images, callouts, calls to action, FAQ.

Treatment-specific blocks live in ``treatments/blocks.py``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import expand_db_html

from cms.rich_text import ANSWER_FEATURES, BODY_FEATURES, INLINE_FEATURES

PREVIEW_TEXT = "<p>Your provider will talk this through with you at your consultation.</p>"


def is_blank_rich_text(value):
    """True when rich text has no visible words, e.g. the empty editor's ``<p></p>``."""
    source = getattr(value, "source", value) or ""
    return not strip_tags(source).replace("&nbsp;", " ").strip()


class SectionValue(blocks.StructValue):
    """A titled page section: the editor's heading, or the block's default one."""

    def display_heading(self):
        return self.get("heading") or self.block.meta.default_heading


# Joins FAQ answers expanded together; typed text cannot produce an HTML comment.
ANSWER_SEPARATOR = "<!--faq-answer-->"


class FAQValue(SectionValue):
    def questions_and_answers(self):
        """``(question, answer HTML)`` pairs, with every answer's links expanded in one pass.

        Expanding answers one by one would cost a query per answer that links to a page;
        together they cost one, however many questions there are.
        """
        items = list(self.get("items") or [])
        sources = [getattr(item["answer"], "source", "") for item in items]
        answers = expand_db_html(ANSWER_SEPARATOR.join(sources)).split(ANSWER_SEPARATOR) if items else []
        return [(item["question"], mark_safe(answer)) for item, answer in zip(items, answers, strict=True)]


def heading_block(default):
    """The optional heading every section block offers, defaulting to ``default``."""
    return blocks.CharBlock(
        required=False,
        max_length=100,
        help_text=format_lazy(_("Optional. Defaults to '{default}'."), default=default),
    )


def short_rich_text(help_text, **options):
    """A short answer or note: emphasis, links and lists, no subheadings (``ANSWER_FEATURES``)."""
    return blocks.RichTextBlock(features=ANSWER_FEATURES, help_text=help_text, **options)


class RichTextBlock(blocks.RichTextBlock):
    """Paragraphs, subheadings, lists and links."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", BODY_FEATURES)
        kwargs.setdefault("help_text", _("Use the toolbar for subheadings, lists and links."))
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "components/blocks/rich_text.html"
        preview_value = PREVIEW_TEXT
        description = _("Paragraphs, subheadings, lists and links.")


class FigureBlock(blocks.StructBlock):
    """An image with an optional caption; alt text comes from the image itself."""

    image = ImageChooserBlock(help_text=_("Its alt text is set on the image in the image library."))
    caption = blocks.CharBlock(required=False, max_length=250, help_text=_("Optional, shown below."))

    class Meta:
        icon = "image"
        template = "components/blocks/figure.html"
        description = _("An image with an optional caption.")
        help_text = _("Choose an image; keep captions short.")

    def get_preview_value(self):
        """The newest image in the library, so the block picker previews a real picture."""
        image = get_image_model().objects.order_by("-created_at").first()
        return self.normalize({"image": image, "caption": _("A short caption sits below the image.")})


class CalloutValue(blocks.StructValue):
    def kind_label(self):
        """The visible label for the callout's kind, e.g. 'Ask your provider'."""
        return dict(self.block.child_blocks["kind"].field.choices).get(self.get("kind"), "")


class CalloutBlock(blocks.StructBlock):
    """A highlighted note: a disclaimer, a tip, or a prompt to ask your provider."""

    kind = blocks.ChoiceBlock(
        choices=[
            ("ask-provider", _("Ask your provider")),
            ("disclaimer", _("Medical disclaimer")),
            ("info", _("Good to know")),
            ("warning", _("Important")),
        ],
        default="ask-provider",
        help_text=_("Sets the colour, icon and label."),
    )
    heading = blocks.CharBlock(required=False, max_length=100, help_text=_("Optional short heading."))
    text = blocks.RichTextBlock(features=INLINE_FEATURES, help_text=_("One or two sentences."))

    class Meta:
        icon = "info-circle"
        label = _("Callout")
        template = "components/blocks/callout.html"
        value_class = CalloutValue
        preview_value = {
            "kind": "ask-provider",
            "heading": "Is this right for me?",
            "text": "<p>Only your provider can say, after talking through your history.</p>",
        }
        description = _("A highlighted note, such as a disclaimer or 'ask your provider'.")
        help_text = _("Use sparingly: one or two per page.")


class LinkValue(blocks.StructValue):
    """A call to action's destination: the chosen page's URL, else the web address."""

    def url(self):
        """None for a chosen page that is not live (a draft, unpublished): no button to a 404.

        The button appears once that page is published (publishing purges the page cache).
        """
        page = self.get("page")
        if page:
            return page.url if page.live else None
        return self.get("external_url")


class CallToActionBlock(blocks.StructBlock):
    """A heading, a sentence and a button to book or read on."""

    heading = blocks.CharBlock(max_length=100, help_text=_("e.g. 'Talk to us about migraine'."))
    text = blocks.TextBlock(required=False, max_length=300, help_text=_("One sentence, optional."))
    button_label = blocks.CharBlock(max_length=40, help_text=_("e.g. 'Book a consultation'."))
    page = blocks.PageChooserBlock(required=False, help_text=_("A page on this site..."))
    external_url = blocks.URLBlock(required=False, help_text=_("...or a web address, e.g. a booking system."))

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "components/blocks/cta.html"
        value_class = LinkValue
        preview_value = {
            "heading": "Questions before you decide?",
            "text": "A consultation is the first step: your provider talks through your options.",
            "button_label": "Book a consultation",
            "external_url": "https://example.com/book",
        }
        description = _("A heading, a sentence and a button.")
        help_text = _("Choose a page or enter a web address, not both.")

    def clean(self, value):
        """Exactly one destination; a draft may leave both empty for now.

        Checked beside the other fields' errors too, so the editor sees every problem
        with the block at once rather than this one only after fixing the rest.
        """
        try:
            cleaned = super().clean(value)
        except blocks.StructBlockValidationError as error:
            if message := self.destination_error(value):
                error.non_block_errors.append(ValidationError(message))
            raise
        if message := self.destination_error(cleaned):
            raise blocks.StructBlockValidationError(non_block_errors=[ValidationError(message)])
        return cleaned

    def destination_error(self, value):
        has_page, has_url = bool(value.get("page")), bool(value.get("external_url"))
        if has_page and has_url:
            return _("Choose a page or enter a web address, not both.")
        if not (has_page or has_url or self.is_deferred_validation):
            return _("Choose a page or enter a web address for the button.")
        return None


class FAQItemBlock(blocks.StructBlock):
    """One question and its answer."""

    question = blocks.CharBlock(
        max_length=200, help_text=_("As a patient would ask it, e.g. 'Does it hurt?'")
    )
    answer = short_rich_text(_("A short, plain answer."))

    class Meta:
        icon = "help"
        label = _("Question")
        description = _("One question and its answer.")
        help_text = _("Write the question as a patient would ask it.")
        preview_value = {
            "question": "Will I need time off work?",
            "answer": "<p>Many people carry on with their day. Ask your provider about your plans.</p>",
        }

    def clean(self, value):
        """Name the missing half of an entry; an empty editor (``<p></p>``) counts as missing."""
        errors = {}
        if self.child_blocks["question"].required and not (value.get("question") or "").strip():
            errors["question"] = ValidationError(_("Every FAQ entry needs a question."))
        if self.child_blocks["answer"].required and is_blank_rich_text(value.get("answer")):
            errors["answer"] = ValidationError(_("Every FAQ entry needs an answer."))
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return super().clean(value)


class FAQBlock(blocks.StructBlock):
    """Frequently asked questions, shown as expandable answers and as FAQPage structured data."""

    heading = heading_block(_("Frequently asked questions"))
    items = blocks.ListBlock(FAQItemBlock(), min_num=1, label=_("Questions"))

    class Meta:
        icon = "help"
        label = _("Questions and answers")
        value_class = FAQValue
        default_heading = _("Frequently asked questions")
        template = "components/blocks/faq.html"
        preview_value = {
            "items": [
                {
                    "question": "Does it hurt?",
                    "answer": "<p>Most people describe a brief sting; ask your provider what to expect.</p>",
                },
                {
                    "question": "How long is a visit?",
                    "answer": "<p>Usually under an hour, with time to talk things through first.</p>",
                },
            ]
        }
        description = _("Questions and answers that patients can expand one at a time.")
        help_text = _("Add one entry per question; each needs a question and an answer.")


DAY_CHOICES = [
    ("Monday", _("Monday")),
    ("Tuesday", _("Tuesday")),
    ("Wednesday", _("Wednesday")),
    ("Thursday", _("Thursday")),
    ("Friday", _("Friday")),
    ("Saturday", _("Saturday")),
    ("Sunday", _("Sunday")),
]


class OpeningHoursValue(blocks.StructValue):
    """One row of opening hours, its days readable and in week order."""

    def ordered_days(self):
        """The chosen days in week order, whatever order they were ticked in."""
        chosen = set(self.get("days") or [])
        return [day for day, _label in DAY_CHOICES if day in chosen]

    def days_text(self):
        """'Monday to Friday' for a run of consecutive days, else 'Monday, Wednesday'."""
        labels = dict(DAY_CHOICES)
        days = self.ordered_days()
        week = [day for day, _label in DAY_CHOICES]
        consecutive = days and week.index(days[-1]) - week.index(days[0]) == len(days) - 1
        if len(days) > 2 and consecutive:
            return _("%(first)s to %(last)s") % {"first": labels[days[0]], "last": labels[days[-1]]}
        return ", ".join(str(labels[day]) for day in days)


class OpeningHoursBlock(blocks.StructBlock):
    """Days that share the same opening and closing time."""

    days = blocks.MultipleChoiceBlock(choices=DAY_CHOICES, help_text=_("Tick every day with these hours."))
    opens = blocks.TimeBlock(help_text=_("e.g. 09:00"))
    closes = blocks.TimeBlock(help_text=_("e.g. 17:30"))

    class Meta:
        icon = "time"
        template = "components/blocks/opening_hours.html"
        value_class = OpeningHoursValue
        description = _("Opening and closing times for one or more days.")
        help_text = _("Days with different hours need a row of their own.")
        preview_value = {
            "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
            "opens": datetime.time(9, 0),
            "closes": datetime.time(17, 30),
        }

    def clean(self, value):
        value = super().clean(value)
        if value["opens"] and value["closes"] and value["opens"] >= value["closes"]:
            raise blocks.StructBlockValidationError(
                block_errors={"closes": ValidationError(_("Closing time must be after opening time."))}
            )
        return value


class BodyBlock(blocks.StreamBlock):
    """General-purpose blocks every page body offers; page types add their own."""

    rich_text = RichTextBlock()
    image = FigureBlock()
    callout = CalloutBlock()
    cta = CallToActionBlock()
    faq = FAQBlock()


def faq_items_in(stream_value):
    """Every question and answer of a body's ``faq`` blocks, in page order (for ``FAQPage`` JSON-LD)."""
    return [item for block in stream_value if block.block_type == "faq" for item in block.value["items"]]


def page_sections(stream_value):
    """Each block of a body with a unique, readable anchor; headed sections also form the contents.

    Returns a list of ``(block, anchor, heading)``; ``heading`` is empty for blocks
    that are not titled sections and so stay out of the table of contents.
    """
    sections, seen = [], set()
    for block in stream_value:
        heading = block.value.display_heading() if isinstance(block.value, SectionValue) else ""
        anchor = ""
        if heading:
            base = slugify(str(heading)) or block.block_type.replace("_", "-")
            anchor, n = base, 2
            while anchor in seen:
                anchor, n = f"{base}-{n}", n + 1
            seen.add(anchor)
        sections.append((block, anchor, heading))
    return sections

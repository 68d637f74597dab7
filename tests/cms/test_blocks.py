"""The shared blocks: their validation, previews and what they offer editors."""

import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from wagtail.blocks import RawHTMLBlock, RichTextBlock, StructBlockValidationError
from wagtail.fields import StreamField

from cms.blocks import (
    BodyBlock,
    CallToActionBlock,
    FAQBlock,
    FAQItemBlock,
    FigureBlock,
    OpeningHoursBlock,
    faq_items_in,
    is_blank_rich_text,
)
from cms.models import ClinicSettings
from cms.rich_text import BODY_FEATURES
from tests.factories import ImageFactory, preview_body


def clean_errors(block, raw):
    """The JSON error data the admin would show for ``raw`` (a dict as an editor submits it)."""
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(block.normalize(raw))
    return caught.value.as_json_data()


class TestFAQItemBlock:
    def test_a_complete_entry_is_valid(self):
        """A question with a written answer passes unchanged."""
        block = FAQItemBlock()
        value = block.clean(block.normalize({"question": "Does it hurt?", "answer": "<p>A little.</p>"}))
        assert value["question"] == "Does it hurt?"
        assert value["answer"].source == "<p>A little.</p>"

    @pytest.mark.parametrize("answer", ["", "<p></p>", "<p> &nbsp; </p>", "<p><br/></p>"])
    def test_a_blank_answer_is_refused_by_name(self, answer):
        """An empty editor still submits markup; it counts as no answer, with a clear message."""
        errors = clean_errors(FAQItemBlock(), {"question": "Does it hurt?", "answer": answer})
        assert errors == {"blockErrors": {"answer": {"messages": ["Every FAQ entry needs an answer."]}}}

    def test_a_blank_question_is_refused_by_name(self):
        """An answer without its question is refused with a clear message."""
        errors = clean_errors(FAQItemBlock(), {"question": "  ", "answer": "<p>Yes.</p>"})
        assert errors == {"blockErrors": {"question": {"messages": ["Every FAQ entry needs a question."]}}}

    def test_a_draft_may_leave_an_entry_half_written(self):
        """Saving a draft defers the required checks, as everywhere else in Wagtail."""
        block = FAQItemBlock()
        value = block.clean_deferred(block.normalize({"question": "Does it hurt?", "answer": "<p></p>"}))
        assert value["question"] == "Does it hurt?"


class TestFAQBlock:
    def test_errors_point_at_the_entry_missing_its_answer(self):
        """In a list of questions, the error is attached to the entry that lacks an answer."""
        raw = {
            "heading": "",
            "items": [
                {"question": "Does it hurt?", "answer": "<p>A little.</p>"},
                {"question": "How long does it take?", "answer": "<p></p>"},
            ],
        }
        errors = clean_errors(FAQBlock(), raw)
        assert errors == {
            "blockErrors": {
                "items": {
                    "blockErrors": {
                        1: {"blockErrors": {"answer": {"messages": ["Every FAQ entry needs an answer."]}}}
                    }
                }
            }
        }

    def test_needs_at_least_one_question(self):
        """An FAQ block with no questions is refused."""
        errors = clean_errors(FAQBlock(), {"heading": "", "items": []})
        assert "items" in errors["blockErrors"]

    def test_default_heading_is_used_when_blank(self):
        """Editors may leave the heading blank and get 'Frequently asked questions'."""
        value = FAQBlock().normalize({"heading": "", "items": []})
        assert value.display_heading() == "Frequently asked questions"


class TestCallToActionBlock:
    base = {"heading": "Book now", "text": "", "button_label": "Book"}

    def test_a_web_address_alone_is_valid(self):
        """A button pointing at an external booking system is enough."""
        block = CallToActionBlock()
        value = block.clean(block.normalize({**self.base, "external_url": "https://example.com/book"}))
        assert value.url() == "https://example.com/book"

    def test_a_page_alone_is_valid_and_links_to_it(self, home_page):
        """A button pointing at a page on the site uses that page's URL."""
        block = CallToActionBlock()
        value = block.clean(block.normalize({**self.base, "page": home_page, "external_url": ""}))
        assert value.url() == home_page.url

    def test_both_destinations_are_refused(self, home_page):
        """A page and a web address at once is ambiguous and refused."""
        raw = {**self.base, "page": home_page, "external_url": "https://example.com/book"}
        errors = clean_errors(CallToActionBlock(), raw)
        assert errors == {"messages": ["Choose a page or enter a web address, not both."]}

    def test_no_destination_is_refused(self):
        """A button must go somewhere."""
        errors = clean_errors(CallToActionBlock(), {**self.base, "external_url": ""})
        assert errors == {"messages": ["Choose a page or enter a web address for the button."]}

    def test_a_page_that_is_not_live_gives_no_button(self, home_page):
        """A button to a draft or unpublished page would lead visitors to a 404: it is left out."""
        block = CallToActionBlock()
        home_page.unpublish()
        home_page.refresh_from_db()
        value = block.clean(block.normalize({**self.base, "page": home_page, "external_url": ""}))
        assert value.url() is None
        assert 'class="button"' not in block.render(value)

    def test_the_destination_is_reported_with_the_other_errors(self):
        """No heading and no destination: both problems at once, not one after the other."""
        errors = clean_errors(CallToActionBlock(), {**self.base, "heading": "", "external_url": ""})
        assert errors["messages"] == ["Choose a page or enter a web address for the button."]
        assert "heading" in errors["blockErrors"]

    def test_a_draft_may_leave_the_destination_for_later(self):
        """Saving a draft does not insist on a destination yet."""
        block = CallToActionBlock()
        value = block.clean_deferred(block.normalize({**self.base, "external_url": ""}))
        assert value["heading"] == "Book now"


class TestOpeningHoursBlock:
    def test_closing_before_opening_is_refused(self):
        """Closing time must come after opening time."""
        raw = {"days": ["Monday"], "opens": datetime.time(17), "closes": datetime.time(9)}
        errors = clean_errors(OpeningHoursBlock(), raw)
        assert errors == {
            "blockErrors": {"closes": {"messages": ["Closing time must be after opening time."]}}
        }

    def test_ordinary_hours_are_valid(self):
        """09:00 to 17:30 passes."""
        block = OpeningHoursBlock()
        raw = {"days": ["Monday"], "opens": datetime.time(9), "closes": datetime.time(17, 30)}
        assert block.clean(block.normalize(raw))["closes"] == datetime.time(17, 30)


class TestFigureBlockPreview:
    def test_previews_the_newest_library_image(self, db):
        """The block picker shows a real image from the library, not an empty frame."""
        ImageFactory()
        newest = ImageFactory()
        assert FigureBlock().get_preview_value()["image"] == newest

    def test_preview_without_images_has_no_image(self, db):
        """With an empty library the preview value still builds (the image is simply absent)."""
        assert FigureBlock().get_preview_value()["image"] is None


def test_blank_rich_text_detection():
    """Markup without words is blank; any visible word is not."""
    assert is_blank_rich_text("<p></p>")
    assert is_blank_rich_text(None)
    assert not is_blank_rich_text("<p>Yes</p>")


@pytest.mark.parametrize("name", list(BodyBlock().child_blocks))
def test_every_general_block_explains_itself(name):
    """Each general block has its own icon and a description, so editors know what it is."""
    block = BodyBlock().child_blocks[name]
    assert block.meta.icon != "placeholder"
    assert block.get_description()


def test_rich_text_offers_no_raw_html():
    """Body text is limited to headings, emphasis, links and lists; no HTML or embeds."""
    features = BodyBlock().child_blocks["rich_text"].features
    assert set(features) == {"h2", "h3", "bold", "italic", "link", "ol", "ul"}


def stream_fields():
    """Every StreamField on every installed model, keyed by 'app.Model.field'."""
    return {
        f"{model._meta.label}.{field.name}": field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, StreamField)
    }


def descendants(block):
    """``block`` and every block nested inside it."""
    yield block
    children = getattr(block, "child_blocks", None) or {}
    if hasattr(block, "child_block"):
        children = {"item": block.child_block}
    for child in children.values():
        yield from descendants(child)


@pytest.mark.parametrize("label", list(stream_fields()))
def test_no_stream_field_offers_raw_html_or_unlimited_rich_text(label):
    """Editors never meet a raw HTML block, and every rich text block lists its features."""
    for block in descendants(stream_fields()[label].stream_block):
        assert not isinstance(block, RawHTMLBlock), label
        if isinstance(block, RichTextBlock):
            assert block.features, f"{label}: {block.name} offers every editor feature"
            assert set(block.features) <= set(BODY_FEATURES), label


def test_the_default_rich_text_editor_is_limited_too():
    """Rich text fields without their own list get the body features, read from the one list of them."""
    assert settings.WAGTAILADMIN_RICH_TEXT_EDITORS["default"]["OPTIONS"]["features"] is BODY_FEATURES


@pytest.mark.parametrize("label", list(stream_fields()))
def test_every_block_previews_content_that_could_be_published(db, label):
    """Each block's preview value (the block picker's preview, and the tests' bodies) passes validation."""
    ImageFactory()  # the image block previews the newest image in the library
    stream_block = stream_fields()[label].stream_block
    value = stream_block.clean(stream_block.to_python(preview_body(stream_block)))
    assert [child.block_type for child in value] == list(stream_block.child_blocks)


def test_faq_items_gathers_every_faq_block_of_a_body():
    """The questions of every FAQ block, in page order; other blocks are passed over."""
    block = BodyBlock()
    faq = block.child_blocks["faq"]
    body = block.to_python(
        [
            {"type": "faq", "value": {"items": [{"question": "First?", "answer": "<p>One.</p>"}]}},
            {"type": "rich_text", "value": "<p>Between.</p>"},
            {"type": "faq", "value": faq.get_prep_value(faq.get_preview_value())},
        ]
    )
    assert [item["question"] for item in faq_items_in(body)] == [
        "First?",
        "Does it hurt?",
        "How long is a visit?",
    ]


@pytest.mark.parametrize("name", list(BodyBlock.base_blocks))
def test_every_general_block_previews_in_the_admin(admin_client, name):
    """The admin's block preview view renders each general block's preview value."""
    ImageFactory()
    block = BodyBlock().child_blocks[name]
    assert block.is_previewable
    response = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    assert f"block-{name}" in response.content.decode()


def test_opening_hours_preview_in_the_admin(admin_client):
    """The clinic settings' opening-hours block previews its example week."""
    block = ClinicSettings._meta.get_field("opening_hours").stream_block.child_blocks["hours"]
    response = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    assert "17:30" in response.content.decode()

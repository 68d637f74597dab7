"""StreamField form fields that answer malformed form data with a form error, not a 500.

Wagtail reads a StreamField from POST data by count and index (``body-count``,
``body-0-type``, ``body-0-order`` ...). A truncated or tampered submission makes that
raise KeyError, ValueError, TypeError or AttributeError deep inside the widget, which
Django reports as a server error. Here the widget turns such data into an
``UnreadableStreamData`` marker, the field refuses it with a clear message, and the
form is shown again with the last saved content.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.blocks.base import BlockField, BlockWidget
from wagtail.fields import StreamField

# What parsing tampered data raises: missing keys, bad numbers and JSON, JSON of the wrong shape.
PARSE_ERRORS = (LookupError, ValueError, TypeError, AttributeError)


class UnreadableStreamData:
    """Stands in for StreamField form data that could not be parsed."""


class SafeBlockWidget(BlockWidget):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except PARSE_ERRORS:
            return UnreadableStreamData()


class SafeBlockField(BlockField):
    default_error_messages = {
        "unreadable": _(
            "This content could not be read from the form. Reload the page and try again; "
            "the last saved version is unchanged."
        ),
    }

    def __init__(self, block=None, **kwargs):
        kwargs.setdefault("widget", SafeBlockWidget(block))
        super().__init__(block=block, **kwargs)

    def clean(self, value):
        if isinstance(value, UnreadableStreamData):
            raise ValidationError(self.error_messages["unreadable"], code="unreadable")
        return super().clean(value)

    def bound_data(self, data, initial):
        """Redisplay the saved content when the submitted data was unreadable."""
        return initial if isinstance(data, UnreadableStreamData) else data

    def has_changed(self, initial_value, data_value):
        return isinstance(data_value, UnreadableStreamData) or super().has_changed(initial_value, data_value)


def use_safe_stream_form_fields():
    """Make every StreamField in Wagtail's admin forms (pages, snippets, settings) use SafeBlockField."""
    register_form_field_override(StreamField, override={"form_class": SafeBlockField})

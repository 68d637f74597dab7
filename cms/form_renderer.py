"""The project's form renderer: forms redisplay safely after a tampered chooser value.

Wagtail's chooser widgets (page, image, snippet) look the submitted id up again to
redisplay a form with errors. An id that is not an id at all ("abc" for a number)
makes that lookup raise ValueError: a 500 instead of the form's own "Select a valid
choice" error. The bound field below redisplays the previous value in that case;
validation still sees, and rejects, what was sent.
"""

from django.core.exceptions import ValidationError
from django.forms import BoundField, ModelChoiceField
from django.forms.renderers import DjangoTemplates
from wagtail.admin.widgets.chooser import BaseChooser


class ChooserSafeBoundField(BoundField):
    def value(self):
        value = super().value()
        if isinstance(self.field, ModelChoiceField) and isinstance(self.field.widget, BaseChooser):
            try:
                self.field.to_python(value)
            except ValidationError:
                return self.initial
        return value


class FormRenderer(DjangoTemplates):
    """Django's default renderer, binding fields with ``ChooserSafeBoundField``."""

    bound_field_class = ChooserSafeBoundField

"""The article index's admin form."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from .pagination import MAX_PER_PAGE, MIN_PER_PAGE


class ArticleIndexPageForm(WagtailAdminPageForm):
    """'Articles per page' takes 1 to 50 and gives the same message for any number outside that.

    Django gives a ``PositiveSmallIntegerField`` a form field with a minimum of 0, so
    without this -3 was refused as "greater than or equal to 0", 0 by the model's own
    validator as "greater than or equal to 1", and 51 as "less than or equal to 50".
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "per_page" in self.fields:
            model_field = self._meta.model._meta.get_field("per_page")
            message = _("Enter a number from %(min)s to %(max)s.") % {
                "min": MIN_PER_PAGE,
                "max": MAX_PER_PAGE,
            }
            self.fields["per_page"] = model_field.formfield(
                min_value=MIN_PER_PAGE,
                max_value=MAX_PER_PAGE,
                error_messages={"min_value": message, "max_value": message},
            )

"""The treatment page's admin form."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

REVIEW_FIELDS = ("reviewed_by", "last_reviewed", "next_review_due")


class TreatmentPageForm(WagtailAdminPageForm):
    """Drafts may wait for their medical review; publishing (or submitting) needs all of it.

    Wagtail defers required-field checks only when an editor saves a draft
    (``is_deferred_validation``), so every other action gets the full review check.
    """

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation:
            return cleaned_data
        for name in REVIEW_FIELDS:
            if not cleaned_data.get(name) and not self.has_error(name):
                self.add_error(
                    name, _("Needed to publish: treatment pages show who reviewed them medically, and when.")
                )
        return cleaned_data

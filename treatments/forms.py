"""The treatment page's admin form."""

from wagtail.admin.forms import WagtailAdminPageForm

from cms.models.mixins import REVIEW_FIELDS, REVIEW_NEEDED_TO_PUBLISH


class TreatmentPageForm(WagtailAdminPageForm):
    """Drafts may wait for their medical review; publishing (or submitting) needs all of it.

    Wagtail defers required-field checks only when an editor saves a draft
    (``is_deferred_validation``), so every other action gets the full review check.
    Where the model itself checks (``MedicalReviewMixin.review_checked_by_model``) the
    form leaves it to the model, so each problem is reported once.
    """

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation or self.instance.review_checked_by_model():
            return cleaned_data
        for name in REVIEW_FIELDS:
            if not cleaned_data.get(name) and not self.has_error(name):
                self.add_error(name, REVIEW_NEEDED_TO_PUBLISH)
        return cleaned_data

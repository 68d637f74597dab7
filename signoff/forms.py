"""The clinician's sign-off form: when the content must be checked again, and a comment."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm

from .records import latest_next_review_due


class SignOffForm(TaskStateCommentForm):
    """Signing off sets the next review due: the clinic's interval by default, or sooner, never later."""

    field_order = ["next_review_due", "comment"]

    next_review_due = forms.DateField(
        label=_("Next review due"),
        # The browser's own date picker: this form is also shown where the admin's
        # calendar script is not loaded (the dashboard's workflow modal).
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_(
            "By default the clinic's usual interval from today; choose an earlier date if the content "
            "needs it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_review_due"].initial = latest_next_review_due()
        self.fields["comment"].help_text = _("Optional: shown in the page's history beside your sign-off.")

    def clean_next_review_due(self):
        due = self.cleaned_data["next_review_due"]
        if due is None:
            return due
        if due <= timezone.localdate():
            raise forms.ValidationError(_("The next review must be due after today."))
        latest = latest_next_review_due()
        if due > latest:
            raise forms.ValidationError(
                _("The next review can be due at the latest on %(date)s, the clinic's usual interval.")
                % {"date": latest.strftime("%d %B %Y").lstrip("0")}
            )
        return due

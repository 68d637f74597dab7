"""The treatment page's admin form."""

from cms.forms import PublishRequirementsForm
from cms.models.mixins import REVIEW_FIELDS, REVIEW_NEEDED_TO_PUBLISH


class TreatmentPageForm(PublishRequirementsForm):
    """The medical review fields carry the required marker, because publishing needs them.

    A required field is how Wagtail's form marks one, and the panels defer every
    nullable field's required check when a draft is saved, so a draft still saves
    without its review. Every other action then reports the same message as the publish
    requirements; "Request changes" leaves them optional, as it does the rest.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.requests_changes():
            return
        for name in REVIEW_FIELDS:
            field = self.fields[name]
            field.required = True
            field.error_messages = {**field.error_messages, "required": REVIEW_NEEDED_TO_PUBLISH}

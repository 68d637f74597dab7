"""Admin page forms shared by the apps."""

from wagtail.admin.forms import WagtailAdminPageForm


class PublishRequirementsForm(WagtailAdminPageForm):
    """Drafts may wait for what publishing needs (``PublishRequirementsMixin``); publishing may not.

    Wagtail defers required-field checks only when an editor saves a draft
    (``is_deferred_validation``), so every other action (publish, submit for moderation,
    schedule) gets the page's publish requirements too. Where the model checks them
    itself (a saved page that is live) the form leaves it to the model, so each problem
    is reported once.
    """

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation or self.instance.publish_requirements_checked_by_model():
            return cleaned_data
        for name, message in self.instance.missing_to_publish(cleaned_data.get).items():
            if not self.has_error(name):
                self.add_error(name, message)
        return cleaned_data

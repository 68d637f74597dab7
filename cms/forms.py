"""Admin page forms shared by the apps."""

from wagtail.admin.forms import WagtailAdminPageForm


class PublishRequirementsForm(WagtailAdminPageForm):
    """Drafts may wait for what publishing needs (``PublishRequirementsMixin``); publishing may not.

    Wagtail defers required-field checks only when an editor saves a draft
    (``is_deferred_validation``), so every other action (publish, submit for moderation,
    schedule, approve) gets the page's publish requirements too, except "Request changes":
    it sends the page back to be finished, so it must not require it finished. Where the
    model checks them itself (a saved page that is live) the form leaves it to the model,
    so each problem is reported once. An action that puts the form's content live also
    gets the page's ``problems_going_live_as_edited`` (say, medical content no clinician
    has signed off), as a form error rather than a failure while publishing.
    """

    def clean(self):
        cleaned_data = super().clean()
        if (
            self.is_deferred_validation
            or self.requests_changes()
            or self.instance.publish_requirements_checked_by_model()
        ):
            return cleaned_data
        for name, message in self.instance.missing_to_publish(cleaned_data.get).items():
            if not self.has_error(name):
                self.add_error(name, message)
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()
        if self.goes_live():
            for message in self.instance.problems_going_live_as_edited():
                self.add_error(None, message)

    def goes_live(self):
        """Whether the action puts this form's content live: Publish (or schedule), or a final approval."""
        if "action-publish" in self.data:
            return True
        workflow_state = self.instance.pk and self.instance.current_workflow_state
        return bool(
            self.data.get("action-workflow-action")
            and self.data.get("workflow-action-name") == "approve"
            and workflow_state
            and workflow_state.is_at_final_task
        )

    def requests_changes(self):
        """Whether the editor chose "Request changes" (a workflow rejection) on the edit page."""
        return (
            bool(self.data.get("action-workflow-action"))
            and self.data.get("workflow-action-name") == "reject"
        )

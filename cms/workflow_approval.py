"""Approving the last task of a page's workflow publishes the page, so it is checked first.

Wagtail publishes the latest draft when the final task is approved. A draft edited after
it was submitted (its medical review cleared, a required field emptied) would then fail
its validation inside the workflow and answer a server error, or, with a go-live time
in the future, be scheduled to fail later. The dashboard's "Approve" and "Approve with
comment" post to the workflow action view, which checks nothing; it is replaced here by
one that refuses such an approval with the reasons, changing nothing. (The edit page's
"Approve and Publish" sends the page form, which is checked as for publishing.)
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet

from cms.publishing import publish_problems


class CheckedWorkflowActionView(WorkflowActionView):
    """Wagtail's workflow action view, refusing an approval that would publish a page that cannot go live."""

    def post(self, request, *args, **kwargs):
        problems = self.problems_publishing_on_approval()
        if not problems:
            return super().post(request, *args, **kwargs)
        messages.error(
            request,
            _(
                "“%(title)s” was not approved: it cannot go live yet. Its draft and its workflow "
                "are kept; complete the page, then approve it again (or request changes). %(problems)s"
            )
            % {"title": self.object.get_admin_display_title(), "problems": " ".join(problems)},
        )
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return self.render_modal_json(request, {"step": "success", "redirect": self.redirect_url})
        return redirect(self.redirect_url)

    def problems_publishing_on_approval(self):
        """``publish_problems`` of the page if this action is the approval that publishes it, else none."""
        if self.action_name != "approve" or not self.task_state.workflow_state.is_at_final_task:
            return []
        return publish_problems(self.object.specific)


class CheckedApprovalPageViewSet(PageViewSet):
    """The views of every page type, with the checked workflow action view."""

    workflow_action_view_class = CheckedWorkflowActionView


page_viewset = CheckedApprovalPageViewSet()

"""Admin views: the sign-off report, and one page's sign-off (its changes, history and the clinician's form).

The page view is where the reminders and the report link: it shows what changed in
the medical fields since the last sign-off and the sign-offs so far. A clinician signs
off there, through the page's Medical sign-off task when it is waiting on one, or, for
a live page coming due with no change pending, by confirming the live content again,
which publishes it with the new review (nothing but the review changes).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from .due import pages_due, pages_not_signed_off_by_a_clinician
from .forms import SignOffForm
from .models import MedicalReviewMixin, MedicalSignOffTask, SignOff
from .records import clinician_of, record_sign_off

PERMISSION = "signoff.view_signoff"


class SignOffAdminView(WagtailAdminTemplateMixin, TemplateView):
    """An admin page whose title is shown in its breadcrumbs, after Home."""

    header_icon = "clipboard-list"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class SignOffReportView(SignOffAdminView):
    """Live pages no clinician signed off, and reviews overdue or due within 30 days."""

    template_name = "signoff/report.html"
    page_title = _("Medical sign-off")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(not_signed_off=pages_not_signed_off_by_a_clinician(), due=pages_due())
        return context


class PageSignOffView(SignOffAdminView):
    """One page's medical changes, sign-off history and, for its clinician, the sign-off form."""

    template_name = "signoff/page_sign_off.html"

    def dispatch(self, request, page_id):
        page = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(page, MedicalReviewMixin):
            raise PermissionDenied
        if not (request.user.has_perm(PERMISSION) or clinician_of(request.user)):
            raise PermissionDenied
        self.page = page
        self.clinician = clinician_of(request.user)
        self.task_state = sign_off_task_state(page)
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return _("Medical sign-off: %(title)s") % {"title": self.page.get_admin_display_title()}

    def can_confirm_live_content(self):
        """A clinician may sign off the live content again when no change waits, in a workflow or draft."""
        page = self.page
        return bool(
            self.clinician
            and self.task_state is None
            and page.live
            and page.live_revision_id
            and not page.has_unpublished_changes
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        can_sign = bool(self.clinician and (self.task_state or self.can_confirm_live_content()))
        context.update(
            page=self.page,
            task_state=self.task_state,
            clinician=self.clinician,
            form=(form or SignOffForm()) if can_sign else None,
            sign_offs=SignOff.objects.filter(page=self.page).select_related("clinician", "user"),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        )
        return context

    def post(self, request, page_id):
        if self.clinician is None:
            raise PermissionDenied
        action = request.POST.get("action")
        form = SignOffForm(request.POST)
        if action == "reject" and self.task_state:
            form.fields["next_review_due"].required = False
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if self.task_state and action in ("approve", "reject"):
            task = self.task_state.task.specific
            task.on_action(self.task_state, request.user, action, **form.cleaned_data)
        elif action == "approve" and self.can_confirm_live_content():
            confirm_live_content(self.page, request.user, self.clinician, form.cleaned_data)
        else:
            raise PermissionDenied
        messages.success(
            request, _("Thank you: your decision on “%(title)s” is recorded.") % {"title": self.page.title}
        )
        return redirect("signoff_page", self.page.pk)


def sign_off_task_state(page):
    """The page's Medical sign-off task state in progress, or None."""
    task_state = page.current_workflow_task_state
    if task_state and isinstance(task_state.task.specific, MedicalSignOffTask):
        return task_state
    return None


@transaction.atomic
def confirm_live_content(page, user, clinician, cleaned_data):
    """Sign off the live content again and publish it with the new review (the content is unchanged)."""
    revision = page.live_revision.as_object().save_revision(user=user, log_action=False, changed=False)
    record_sign_off(
        page,
        revision,
        source=SignOff.CLINICIAN,
        clinician=clinician,
        user=user,
        next_review_due=cleaned_data["next_review_due"],
        comment=cleaned_data["comment"],
    )
    revision.publish(user=user, changed=False, skip_permission_checks=True)

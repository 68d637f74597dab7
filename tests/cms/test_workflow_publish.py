"""Approving the last task of a workflow publishes the page: a draft that cannot go live is refused.

A treatment submitted for approval can be edited afterwards; if an editor clears its
medical review, approving it would publish a treatment without one. Every route an
approver can take (the dashboard's "Approve" and "Approve with comment", the edit page's
"Approve and Publish", with or without a comment, a go-live time in the future) refuses
with a message naming what is missing, and keeps the draft and the workflow so the page
can be completed and approved.
"""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Page, PageLogEntry, Workflow, WorkflowState, WorkflowTask
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.blocks import BODY_FEATURES
from tests.factories import ClinicianFactory, TreatmentPageFactory
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

NEEDED = "Needed to publish: treatment pages show who reviewed them medically, and when."


@pytest.fixture
def member(django_user_model):
    """A user in one of the staff groups."""

    def make(username, group_name):
        user = django_user_model.objects.create_user(username=username, password="x")
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def editor(client, member):
    """An editor signed in to the admin: one of the approvers of Wagtail's default workflow."""
    user = member("editor", "Editors")
    client.force_login(user)
    return user


@pytest.fixture
def submitter(member):
    return member("reviewer", "Medical reviewers")


def edit_form_data(page, clinician=None, **fields):
    """The edit form as an editor submits it, reviewed by ``clinician`` (None clears the review)."""
    today = timezone.localdate()
    review = {"reviewed_by": "", "last_reviewed": "", "next_review_due": ""}
    if clinician:
        review = {
            "reviewed_by": str(clinician.pk),
            "last_reviewed": (today - datetime.timedelta(days=3)).isoformat(),
            "next_review_due": (today + datetime.timedelta(days=360)).isoformat(),
        }
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "category": "medical",
            "schema_type": "MedicalProcedure",
            "hero_image": "",
            "body": streamfield(
                [("rich_text", rich_text("<p>Ask your provider.</p>", features=BODY_FEATURES))]
            ),
            "tags": "",
            "seo_title": "",
            "search_description": "",
            "social_image": "",
            "canonical_url": "",
            **review,
            **fields,
        }
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.fixture
def cleared_in_moderation(client, editor, submitter, treatment_index):
    """A new treatment submitted for approval, whose review an editor then cleared in a draft."""
    page = TreatmentPageFactory(parent=treatment_index, live=False, title="Botox for chronic migraine")
    page.save_revision(user=submitter)
    page.get_workflow().start(page, submitter)
    response = client.post(edit_url(page), edit_form_data(page, clinician=None))
    assert response.status_code == 302, "the editor's draft is saved"
    return TreatmentPage.objects.get(pk=page.pk)


def task_state(page):
    return page.current_workflow_task_state


def workflow_action_url(page, action="approve"):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state(page).pk])


def approve_from_dashboard(client, page, **data):
    """The dashboard's "Approve": a plain form POST that returns to the dashboard."""
    dashboard = reverse("wagtailadmin_home")
    return client.post(workflow_action_url(page), {"next": dashboard, **data}, follow=True)


def messages_of(response):
    return " ".join(str(message) for message in response.context["messages"])


def assert_kept_for_fixing(page, draft_revision):
    """Nothing published or scheduled, the editor's draft is the latest, the workflow waits where it was."""
    page = TreatmentPage.objects.get(pk=page.pk)
    assert not page.live
    assert page.live_revision is None
    assert page.get_latest_revision() == draft_revision
    assert not page.revisions.filter(approved_go_live_at__isnull=False).exists()
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert task_state(page).status == "in_progress"
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()


def test_approve_from_the_dashboard_refuses_a_cleared_review_and_names_what_is_missing(
    client, cleared_in_moderation
):
    page = cleared_in_moderation
    draft = page.get_latest_revision()

    response = approve_from_dashboard(client, page)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("wagtailadmin_home")
    message = messages_of(response)
    assert "“Botox for chronic migraine” was not approved" in message
    assert f"Reviewed by: {NEEDED}" in message
    assert f"Last reviewed: {NEEDED}" in message
    assert f"Next review due: {NEEDED}" in message
    assert_kept_for_fixing(page, draft)


def test_approve_with_comment_from_the_dashboard_is_refused_the_same_way(client, cleared_in_moderation):
    """The modal posts with XMLHttpRequest; it is sent back to the dashboard, where the message waits."""
    page = cleared_in_moderation
    draft = page.get_latest_revision()
    dashboard = reverse("wagtailadmin_home")

    response = client.post(
        workflow_action_url(page),
        {"comment": "Looks right to me", "next": dashboard},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    assert json.loads(response.content) == {"step": "success", "redirect": dashboard}
    assert f"Reviewed by: {NEEDED}" in messages_of(client.get(dashboard))
    assert_kept_for_fixing(page, draft)
    assert not task_state(page).comment


def test_approve_with_a_go_live_time_is_refused_rather_than_scheduled(client, editor, cleared_in_moderation):
    """Approving a page with a future go-live time only schedules it, so nothing would check it until then."""
    page = cleared_in_moderation
    page.go_live_at = timezone.now() + datetime.timedelta(days=2)
    draft = page.save_revision(user=editor, clean=False)

    response = approve_from_dashboard(client, page)

    assert f"Reviewed by: {NEEDED}" in messages_of(response)
    assert_kept_for_fixing(page, draft)


@pytest.mark.parametrize("extra_data", [{}, {"comment": "Fine by me"}], ids=["approve", "with comment"])
def test_approve_and_publish_from_the_edit_page_is_refused_with_the_fields_marked(
    client, cleared_in_moderation, extra_data
):
    """The edit page's "Approve and Publish" sends the form, which is checked as for publishing."""
    page = cleared_in_moderation
    draft = page.get_latest_revision()
    data = {
        **edit_form_data(page, clinician=None),
        "action-workflow-action": "true",
        "workflow-action-name": "approve",
        "workflow-action-extra-data": json.dumps(extra_data),
    }

    response = client.post(edit_url(page), data)

    assert response.status_code == 200
    assert response.context["form"].errors["reviewed_by"] == [NEEDED]
    assert_kept_for_fixing(page, draft)


def test_the_editor_completes_the_page_and_the_same_approval_publishes_it(client, cleared_in_moderation):
    """Nothing was lost by the refusal: completing the review and approving again puts the page live."""
    page = cleared_in_moderation
    approve_from_dashboard(client, page)
    clinician = ClinicianFactory(name="Dr Amara Okafor")
    data = {**edit_form_data(page, clinician=clinician), "action-workflow-action": "true"}
    data["workflow-action-name"] = "approve"

    response = client.post(edit_url(page), data)

    assert response.status_code == 302
    page = TreatmentPage.objects.get(pk=page.pk)
    assert page.live
    assert page.reviewed_by == clinician
    assert page.workflow_states.get().status == WorkflowState.STATUS_APPROVED


def test_a_complete_draft_is_approved_and_published_from_the_dashboard(client, editor, treatment_index):
    page = TreatmentPageFactory(parent=treatment_index, live=False)
    revision = page.save_revision(user=editor)
    page.get_workflow().start(page, editor)

    response = approve_from_dashboard(client, page)

    assert "was not approved" not in messages_of(response)
    page = TreatmentPage.objects.get(pk=page.pk)
    assert page.live
    assert page.live_revision == revision


def test_approving_an_earlier_task_is_left_to_the_tasks_after_it(client, editor, cleared_in_moderation):
    """Only the approval that publishes is checked: a later task (a clinician's sign-off) may add a review."""
    editors = Group.objects.get(name="Editors")
    sign_off = GroupApprovalTask.objects.create(name="Clinician sign-off")
    sign_off.groups.add(editors)
    workflow = Workflow.objects.create(name="Treatments: editor, then clinician")
    moderation = Page.objects.get(depth=1).get_workflow().tasks.get()
    WorkflowTask.objects.create(workflow=workflow, task=moderation, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=sign_off, sort_order=1)
    page = cleared_in_moderation
    page.current_workflow_state.cancel(user=editor)
    workflow.start(page, editor)

    approve_from_dashboard(client, page)

    page = TreatmentPage.objects.get(pk=page.pk)
    assert page.current_workflow_task.specific == sign_off
    assert not page.live


def test_request_changes_from_the_dashboard_sends_the_incomplete_page_back(client, cleared_in_moderation):
    """Rejecting publishes nothing, so it is never refused: the page goes back to its author as it is."""
    page = cleared_in_moderation
    draft = page.get_latest_revision()
    dashboard = reverse("wagtailadmin_home")

    response = client.post(
        workflow_action_url(page, "reject"),
        {"comment": "Please add the review", "next": dashboard},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert json.loads(response.content) == {"step": "success", "redirect": dashboard}
    page = TreatmentPage.objects.get(pk=page.pk)
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert page.get_latest_revision() == draft
    assert not page.live


def test_request_changes_from_the_edit_page_sends_the_incomplete_page_back(client, cleared_in_moderation):
    """The edit page's "Request changes" needs no review either: it saves the draft and sends it back."""
    page = cleared_in_moderation
    data = {
        **edit_form_data(page, clinician=None),
        "action-workflow-action": "true",
        "workflow-action-name": "reject",
        "workflow-action-extra-data": json.dumps({"comment": "Please add the review"}),
    }

    response = client.post(edit_url(page), data)

    assert response.status_code == 302
    page = TreatmentPage.objects.get(pk=page.pk)
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not page.live

"""Approving the last task of a workflow publishes the page: a draft that cannot go live is refused.

A treatment submitted for approval can be edited after its clinician signed it off; if
an editor changes its medical content then, approving it would publish content no
clinician signed off. Every route an approver can take (the dashboard's "Approve" and
"Approve with comment", the edit page's "Approve and Publish", with or without a
comment, a go-live time in the future) refuses with a message saying why, and keeps the
draft and the workflow so the page can be put right and approved.
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
from signoff.models import NOT_SIGNED_OFF
from tests.factories import TreatmentPageFactory, sign_off_draft
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

NEEDED = str(NOT_SIGNED_OFF)
SIGNED_TEXT = "<p>Ask your provider.</p>"


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


def edit_form_data(page, text=SIGNED_TEXT, **fields):
    """The edit form as an editor submits it, with ``text`` as the body."""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "category": "medical",
            "schema_type": "MedicalProcedure",
            "hero_image": "",
            "body": streamfield([("rich_text", rich_text(text, features=BODY_FEATURES))]),
            "tags": "",
            "seo_title": "",
            "search_description": "",
            "social_image": "",
            "canonical_url": "",
            **fields,
        }
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.fixture
def cleared_in_moderation(client, editor, submitter, treatment_index):
    """A new treatment, signed off, whose medical content an editor then changed in a draft."""
    page = TreatmentPageFactory(
        parent=treatment_index,
        live=False,
        title="Botox for chronic migraine",
        body=[{"type": "rich_text", "value": SIGNED_TEXT}],
    )
    page.save_revision(user=submitter, clean=False)
    sign_off_draft(page)
    page.get_workflow().start(page, submitter)
    assert page.current_workflow_task.name == "Editors' approval", "the sign-off step is done"
    response = client.post(edit_url(page), edit_form_data(page, text="<p>Changed after the sign-off.</p>"))
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
    assert NEEDED in message
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
    assert NEEDED in messages_of(client.get(dashboard))
    assert_kept_for_fixing(page, draft)
    assert not task_state(page).comment


def test_approve_with_a_go_live_time_is_refused_rather_than_scheduled(client, editor, cleared_in_moderation):
    """Approving a page with a future go-live time only schedules it, so nothing would check it until then."""
    page = cleared_in_moderation
    page.go_live_at = timezone.now() + datetime.timedelta(days=2)
    draft = page.save_revision(user=editor, clean=False)

    response = approve_from_dashboard(client, page)

    assert NEEDED in messages_of(response)
    assert_kept_for_fixing(page, draft)


@pytest.mark.parametrize("extra_data", [{}, {"comment": "Fine by me"}], ids=["approve", "with comment"])
def test_approve_and_publish_from_the_edit_page_is_refused_with_the_fields_marked(
    client, cleared_in_moderation, extra_data
):
    """The edit page's "Approve and Publish" sends the form, which is checked as for publishing."""
    page = cleared_in_moderation
    draft = page.get_latest_revision()
    data = {
        **edit_form_data(page, text="<p>Changed after the sign-off.</p>"),
        "action-workflow-action": "true",
        "workflow-action-name": "approve",
        "workflow-action-extra-data": json.dumps(extra_data),
    }

    response = client.post(edit_url(page), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [NEEDED]
    assert_kept_for_fixing(page, draft)


def test_the_editor_restores_the_signed_text_and_the_same_approval_publishes_it(
    client, cleared_in_moderation
):
    """Nothing was lost by the refusal: with the signed-off content back, approving puts the page live."""
    page = cleared_in_moderation
    approve_from_dashboard(client, page)
    data = {**edit_form_data(page), "action-workflow-action": "true", "workflow-action-name": "approve"}

    response = client.post(edit_url(page), data)

    assert response.status_code == 302, response.context["form"].errors
    page = TreatmentPage.objects.get(pk=page.pk)
    assert page.live
    assert page.reviewed_by == page.sign_offs.get().clinician
    assert page.workflow_states.get().status == WorkflowState.STATUS_APPROVED


def test_a_signed_off_draft_is_approved_and_published_from_the_dashboard(client, editor, treatment_index):
    page = TreatmentPageFactory(parent=treatment_index, live=False)
    revision = page.save_revision(user=editor, clean=False)
    sign_off_draft(page)
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
    moderation = Page.objects.get(depth=1).get_workflow().tasks.get(name="Editors' approval")
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
        **edit_form_data(page, text="<p>Changed after the sign-off.</p>"),
        "action-workflow-action": "true",
        "workflow-action-name": "reject",
        "workflow-action-extra-data": json.dumps({"comment": "Please add the review"}),
    }

    response = client.post(edit_url(page), data)

    assert response.status_code == 302
    page = TreatmentPage.objects.get(pk=page.pk)
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not page.live

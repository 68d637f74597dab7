"""Medical sign-off: no medical change goes live without a clinician's sign-off, and only they can give it.

Each route by which a page can go live is tried for each staff group: the Publish
button, a schedule, bulk publish (tests/cms/test_bulk_publish.py), scheduled publishing
(tests/cms/test_publish_scheduled.py), a revert, a copy and the workflow. The sign-off
itself is given through the workflow's Medical sign-off step, as clinicians do.
"""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, TaskState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from articles.models import ArticlePage
from cms.blocks import BODY_FEATURES
from signoff.models import NOT_SIGNED_OFF, MedicalSignOffTask, SignOff
from signoff.records import latest_next_review_due
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ClinicianFactory,
    ConditionFactory,
    ImageFactory,
    TreatmentPageFactory,
    treatment_edit_fields,
)
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
SIGNED_TEXT = "<p>Your provider will explain what to expect.</p>"
CHANGED_TEXT = "<p>Most people need three sessions, your provider will say.</p>"


@pytest.fixture
def member(django_user_model):
    def make(username, group_name=None, clinician=None, **extra):
        user = django_user_model.objects.create_user(username=username, password="x", **extra)
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        if clinician:
            clinician.user = user
            clinician.save()
        return user

    return make


@pytest.fixture
def reviewer(member, marsh):
    """Dr Marsh's own account, in the Medical reviewers group."""
    return member("marsh", "Medical reviewers", clinician=marsh)


@pytest.fixture
def editor(member):
    return member("editor", "Editors")


@pytest.fixture
def treatment(treatment_index):
    """A live treatment, signed off (by the loader) with SIGNED_TEXT as its body."""
    return TreatmentPageFactory(
        parent=treatment_index,
        title="Botox for chronic migraine",
        body=[{"type": "rich_text", "value": SIGNED_TEXT}],
    )


def form_data(page, text=SIGNED_TEXT, **fields):
    """The treatment edit form as an editor sends it, with ``text`` as the body."""
    body = streamfield([("rich_text", rich_text(text, features=BODY_FEATURES))])
    return nested_form_data(treatment_edit_fields(page, body, **fields))


def edit(client, page, data, action=None):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return client.post(url, {**data, **({action: "1"} if action else {})})


def words(html):
    return BeautifulSoup(html, "html.parser").get_text()


def live_text(page):
    """The live body's words, as HTML with the editor's paragraph keys left out."""
    page = TreatmentPage.objects.get(pk=page.pk)
    return f"<p>{words(page.body[0].value.source)}</p>"


def submit_change(client, editor, page, text=CHANGED_TEXT, **fields):
    """The editor submits a change for review, as the edit page's "Submit to ..." does."""
    client.force_login(editor)
    response = edit(client, page, form_data(page, text, **fields), "action-submit")
    assert response.status_code == 302
    return TreatmentPage.objects.get(pk=page.pk)


def workflow_action(client, page, action, data=None):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, data or {}, headers={"x-requested-with": "XMLHttpRequest"})


def refused(response):
    """The admin answers PermissionDenied by sending the user to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def sign_off_data(due=None, comment="Checked against the current guidance."):
    return {"next_review_due": (due or latest_next_review_due()).isoformat(), "comment": comment}


class TestWhichFieldsAreMedical:
    def test_each_page_type_names_its_medical_fields(self):
        """The one place it is decided: body, summary or intro, conditions, schema type, title, links."""
        assert TreatmentPage.medical_fields == ("title", "summary", "conditions", "schema_type", "body")
        assert ArticlePage.medical_fields == (
            "title",
            "intro",
            "body",
            "related_treatments",
            "medical_content",
        )

    def test_a_change_to_any_medical_field_changes_the_fingerprint(self, treatment):
        signed = treatment.medical_fingerprint()
        changes = {
            "title": "Botox for tension headache",
            "summary": "Something else.",
            "schema_type": "MedicalTherapy",
            "body": [{"type": "rich_text", "value": CHANGED_TEXT}],
        }
        for name, value in changes.items():
            page = TreatmentPage.objects.get(pk=treatment.pk)
            setattr(page, name, value)
            assert page.medical_fingerprint() != signed, name
        page = TreatmentPage.objects.get(pk=treatment.pk)
        page.conditions.add(ConditionFactory())
        assert page.medical_fingerprint() != signed

    def test_metadata_changes_leave_it_alone(self, treatment):
        """SEO title, description, social image, tags, no-index, category and image are not medical."""
        signed = treatment.medical_fingerprint()
        page = TreatmentPage.objects.get(pk=treatment.pk)
        page.seo_title = "Botox for migraine | Clinic"
        page.search_description = "A new description."
        page.social_image = page.hero_image = ImageFactory()
        page.tags.add("headache")
        page.no_index = True
        page.category = "aesthetic"
        assert page.medical_fingerprint() == signed

    def test_rich_text_block_keys_and_block_ids_do_not_count(self, treatment):
        """The editor adds paragraph keys and block ids of its own; the words are what is signed."""
        page = TreatmentPage.objects.get(pk=treatment.pk)
        keyed = SIGNED_TEXT.replace("<p>", '<p data-block-key="x1y2z">')
        page.body = [{"type": "rich_text", "value": keyed, "id": "another-id"}]
        assert page.medical_fingerprint() == treatment.medical_fingerprint()


class TestPublishingWithoutSignOff:
    @pytest.mark.parametrize("group", ["Editors", "SEO staff", "Medical reviewers", None])
    def test_no_group_can_publish_a_medical_change(self, client, member, treatment, group):
        """Publish (and schedule) from the edit page: refused or not offered; the live page is unchanged."""
        user = member("someone", group, is_superuser=group is None)
        client.force_login(user)
        go_live = (timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
        for extra in ({}, {"go_live_at": go_live}):
            response = edit(client, treatment, form_data(treatment, CHANGED_TEXT, **extra), "action-publish")
            assert response.status_code in (200, 302, 403)
            if response.status_code == 200 and "form" in response.context:
                assert str(NOT_SIGNED_OFF) in response.context["form"].non_field_errors()
        assert live_text(treatment) == SIGNED_TEXT
        assert (
            not TreatmentPage.objects.get(pk=treatment.pk)
            .revisions.filter(approved_go_live_at__isnull=False)
            .exists()
        )
        assert list(SignOff.objects.filter(page=treatment).values_list("source", flat=True)) == ["loader"]

    def test_the_editor_keeps_the_change_as_a_draft(self, client, editor, treatment):
        """Nothing is lost: the refused change can be saved as a draft and submitted for sign-off."""
        client.force_login(editor)
        assert edit(client, treatment, form_data(treatment, CHANGED_TEXT)).status_code == 302
        page = TreatmentPage.objects.get(pk=treatment.pk)
        assert words(page.get_latest_revision_as_object().body[0].value.source) == words(CHANGED_TEXT)
        assert live_text(page) == SIGNED_TEXT

    def test_an_seo_change_is_published_without_a_clinician(self, client, editor, treatment):
        """Metadata only: it goes live at once and the page keeps its sign-off's review."""
        client.force_login(editor)
        data = form_data(treatment, search_description="Fewer headache days for some adults.")
        response = edit(client, treatment, data, "action-publish")
        assert response.status_code == 302
        page = TreatmentPage.objects.get(pk=treatment.pk)
        assert page.search_description == "Fewer headache days for some adults."
        assert (page.reviewed_by, page.last_reviewed) == (treatment.reviewed_by, treatment.last_reviewed)

    def test_reverting_to_a_signed_off_revision_is_allowed_an_unsigned_one_is_not(self, treatment):
        signed = treatment.live_revision
        treatment.body = [{"type": "rich_text", "value": CHANGED_TEXT}]
        unsigned = treatment.save_revision()
        with pytest.raises(ValidationError):
            unsigned.publish()
        assert live_text(treatment) == SIGNED_TEXT
        signed.publish()  # a revert publishes an earlier revision's content
        assert TreatmentPage.objects.get(pk=treatment.pk).live_revision == signed

    def test_a_published_copy_arrives_as_a_draft_without_a_review(self, admin_client, treatment):
        """The copy's content was signed off for the original only."""
        url = reverse("wagtailadmin_pages:copy", args=[treatment.pk])
        data = {
            "new_title": "Botox copy",
            "new_slug": "botox-copy",
            "new_parent_page": str(treatment.get_parent().pk),
            "publish_copies": "on",
        }
        assert admin_client.post(url, data).status_code == 302
        copy = TreatmentPage.objects.get(slug="botox-copy")
        assert not copy.live
        assert (copy.reviewed_by, copy.last_reviewed, copy.next_review_due) == (None, None, None)
        with pytest.raises(ValidationError):
            copy.save_revision().publish()


class TestSignOffThroughTheWorkflow:
    def test_only_the_clinician_can_sign_off(self, client, member, editor, reviewer, treatment):
        """Editors, SEO staff, a superuser and a reviewer with no linked clinician are all refused."""
        page = submit_change(client, editor, treatment)
        assert isinstance(page.current_workflow_task.specific, MedicalSignOffTask)
        others = [
            editor,
            member("seo", "SEO staff"),
            member("admin", is_superuser=True),
            member("unlinked", "Medical reviewers"),
            member("inactive", "Medical reviewers", clinician=ClinicianFactory(), is_active=True),
        ]
        others[-1].is_active = False
        others[-1].save()
        for user in others:
            client.force_login(user)
            response = workflow_action(client, page, "approve", sign_off_data())
            assert response.status_code in (302, 403), user.username
        page = TreatmentPage.objects.get(pk=page.pk)
        assert page.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
        assert not SignOff.objects.filter(source=SignOff.CLINICIAN).exists()

    def test_the_clinician_sees_the_change_and_signs_it_off(self, client, editor, reviewer, marsh, treatment):
        page = submit_change(client, editor, treatment)
        client.force_login(reviewer)
        task_state = page.current_workflow_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
        modal = json.loads(client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).content)
        changed = BeautifulSoup(modal["html"], "html.parser").select("[data-changed]")
        # The form here sends the section without its block id, so it reads as replaced.
        assert [section.h3.get_text(strip=True) for section in changed] == [
            "Body: Text (added)",
            "Body: Text (removed)",
        ]
        assert "three sessions" in changed[0].get_text()

        due = TODAY() + datetime.timedelta(days=180)
        response = workflow_action(client, page, "approve", sign_off_data(due, "Fine as written."))

        assert json.loads(response.content)["step"] == "success"
        sign_off = SignOff.objects.get(source=SignOff.CLINICIAN)
        assert (sign_off.clinician, sign_off.user, sign_off.comment) == (marsh, reviewer, "Fine as written.")
        assert sign_off.revision == page.get_latest_revision()
        assert (sign_off.signed_on, sign_off.next_review_due) == (TODAY(), due)
        page = TreatmentPage.objects.get(pk=page.pk)
        assert page.current_workflow_task.name == "Editors' approval"
        assert live_text(page) == SIGNED_TEXT, "not live until the editors approve"

        client.force_login(editor)
        workflow_action(client, page, "approve")

        page = TreatmentPage.objects.get(pk=page.pk)
        assert live_text(page) == CHANGED_TEXT
        assert (page.reviewed_by, page.last_reviewed, page.next_review_due) == (marsh, TODAY(), due)
        entry = PageLogEntry.objects.get(page=page, action="signoff.signed_off", user=reviewer)
        assert (entry.user, entry.revision, entry.data["comment"]) == (
            reviewer,
            sign_off.revision,
            "Fine as written.",
        )
        history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
        assert "Medical content signed off by Dr Eleanor Marsh" in history

    def test_from_the_edit_page_the_modal_data_is_checked_again(self, client, editor, reviewer, treatment):
        """The edit page passes the modal's fields on as text: a date past the interval is refused there."""
        page = submit_change(client, editor, treatment)
        client.force_login(reviewer)
        for due, signed in (("2099-01-01", False), (latest_next_review_due().isoformat(), True)):
            data = {
                **form_data(page, CHANGED_TEXT),
                "action-workflow-action": "1",
                "workflow-action-name": "approve",
                "workflow-action-extra-data": json.dumps({"next_review_due": due, "comment": "Checked."}),
            }
            response = edit(client, page, data)
            assert response.status_code == 302
            assert SignOff.objects.filter(source=SignOff.CLINICIAN).exists() == signed, due

    def test_a_next_review_later_than_the_clinic_interval_is_refused(
        self, client, editor, reviewer, treatment
    ):
        page = submit_change(client, editor, treatment)
        client.force_login(reviewer)
        too_late = latest_next_review_due() + datetime.timedelta(days=1)
        response = workflow_action(client, page, "approve", sign_off_data(too_late))
        assert "at the latest on" in json.loads(response.content)["html"]
        assert not SignOff.objects.filter(source=SignOff.CLINICIAN).exists()

    def test_request_changes_sends_it_back_without_a_sign_off(self, client, editor, reviewer, treatment):
        page = submit_change(client, editor, treatment)
        client.force_login(reviewer)
        workflow_action(client, page, "reject", {"comment": "Say who it is not for."})
        page = TreatmentPage.objects.get(pk=page.pk)
        assert page.current_workflow_state.status == "needs_changes"
        assert not SignOff.objects.filter(source=SignOff.CLINICIAN).exists()

    def test_an_seo_change_skips_the_sign_off_step(self, client, editor, treatment):
        page = submit_change(client, editor, treatment, text=SIGNED_TEXT, seo_title="Botox for migraine")
        assert page.current_workflow_task.name == "Editors' approval"
        skipped = page.current_workflow_state.task_states.get(task__name="Medical sign-off")
        assert skipped.status == TaskState.STATUS_SKIPPED


class TestArticles:
    def test_an_article_about_a_treatment_needs_sign_off_one_that_is_not_does_not(self, treatment):
        index = ArticleIndexPageFactory(parent=treatment.get_parent().get_parent())
        news = ArticlePageFactory(parent=index, title="Our new opening hours")
        about = ArticlePageFactory(parent=index, related_treatments=[treatment])
        assert not news.needs_medical_review
        assert about.needs_medical_review

        news.body = about.body = [{"type": "rich_text", "value": CHANGED_TEXT}]
        news.save_revision().publish()
        with pytest.raises(ValidationError):
            about.save_revision().publish()

    def test_a_draft_making_a_live_article_medical_is_saved_then_waits_for_sign_off(self, treatment):
        """Saving the draft checks what is live (not medical); publishing it needs the sign-off."""
        index = ArticleIndexPageFactory(parent=treatment.get_parent().get_parent())
        news = ArticlePageFactory(parent=index, title="Our new opening hours")
        draft = ArticlePage.objects.get(pk=news.pk)
        draft.related_treatments.set([treatment])
        revision = draft.save_revision()
        assert revision.as_object().needs_medical_review
        with pytest.raises(ValidationError):
            revision.publish()
        assert not ArticlePage.objects.get(pk=news.pk).needs_medical_review


class TestPageSignOffView:
    def url(self, page):
        return reverse("signoff_page", args=[page.pk])

    def test_a_clinician_confirms_live_content_coming_due(self, client, reviewer, marsh, treatment):
        """From a reminder: the live content is signed off again and the page shows the new review."""
        TreatmentPage.objects.filter(pk=treatment.pk).update(
            next_review_due=TODAY() + datetime.timedelta(days=5)
        )
        client.force_login(reviewer)
        assert "Sign off as Dr Eleanor Marsh" in client.get(self.url(treatment)).content.decode()

        response = client.post(self.url(treatment), {"action": "approve", **sign_off_data()})

        assert response.status_code == 302
        page = TreatmentPage.objects.get(pk=treatment.pk)
        assert (page.reviewed_by, page.last_reviewed, page.next_review_due) == (
            marsh,
            TODAY(),
            latest_next_review_due(),
        )
        assert live_text(page) == SIGNED_TEXT
        assert not page.has_unpublished_changes

    def test_a_waiting_draft_is_not_confirmed_behind_the_editors_back(
        self, client, editor, reviewer, treatment
    ):
        client.force_login(editor)
        edit(client, treatment, form_data(treatment, CHANGED_TEXT))
        client.force_login(reviewer)
        response = client.get(self.url(treatment))
        assert "Sign off as" not in response.content.decode()
        assert refused(client.post(self.url(treatment), {"action": "approve", **sign_off_data()}))
        assert not SignOff.objects.filter(source=SignOff.CLINICIAN).exists()

    def test_others_may_read_it_but_not_sign(self, client, editor, treatment):
        client.force_login(editor)
        response = client.get(self.url(treatment))
        assert response.status_code == 200
        assert "Only a clinician" in response.content.decode()
        assert refused(client.post(self.url(treatment), {"action": "approve", **sign_off_data()}))
        assert not SignOff.objects.filter(source=SignOff.CLINICIAN).exists()

    def test_a_page_without_medical_review_is_not_found_here(self, admin_client, treatment):
        assert refused(admin_client.get(self.url(Page.objects.get(depth=2))))


class TestSignOffReport:
    def test_pages_not_signed_off_by_a_clinician_are_listed(self, client, editor, reviewer, treatment_index):
        loaded = TreatmentPageFactory(parent=treatment_index, title="Loaded by the demo")
        signed = TreatmentPageFactory(parent=treatment_index, title="Signed by Dr Marsh")
        SignOff.objects.filter(page=signed).update(source=SignOff.CLINICIAN)
        client.force_login(editor)
        response = client.get(reverse("signoff_report"))
        listed = [
            row.a.get_text() for row in BeautifulSoup(response.content, "html.parser").select("tbody tr")
        ]
        assert loaded.title in listed
        assert signed.title not in listed

    def test_seo_staff_cannot_open_it(self, client, member):
        client.force_login(member("seo", "SEO staff"))
        assert refused(client.get(reverse("signoff_report")))

    def test_its_query_count_does_not_grow_with_pages(self, client, editor, treatment_index):
        """One or eight pages listed in each section take the same number of queries."""
        client.force_login(editor)

        def queries_with(count):
            for _ in range(count):
                page = TreatmentPageFactory(parent=treatment_index)
                TreatmentPage.objects.filter(pk=page.pk).update(next_review_due=TODAY())
            client.get(reverse("signoff_report"))  # the first request also caches permissions
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("signoff_report")).status_code == 200
            return len(queries)

        assert queries_with(1) == queries_with(7)

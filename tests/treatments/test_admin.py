"""Editors create, preview, publish and correct treatment pages through the real Wagtail admin."""

from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site, Workflow
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import HomePage
from signoff.models import NOT_SIGNED_OFF, REVIEW_FIELDS, MedicalSignOffTask
from tests.factories import (
    ClinicianFactory,
    ConditionFactory,
    HomePageFactory,
    ImageFactory,
    TreatmentIndexPageFactory,
    TreatmentPageFactory,
    form_value,
    preview_body,
    stream_form_data,
)
from treatments.blocks import TreatmentBodyBlock
from treatments.models import TreatmentIndexPage, TreatmentPage

UNREADABLE = "This content could not be read from the form."


BODY = TreatmentBodyBlock()


def section(name, **fields):
    """Form data for one ``name`` block: its preview value, with ``fields`` in place of its own."""
    block = BODY.child_blocks[name]
    return (name, form_value(block, {**block.get_prep_value(block.get_preview_value()), **fields}))


def frequency_section(low=3, high=6):
    return section("frequency", interval_min=low, interval_max=high)


def faq_section(*pairs):
    return section("faq", items=[{"value": {"question": q, "answer": a}} for q, a in pairs])


def every_block():
    """Stream form data holding every block an editor can add to a treatment (see ``preview_body``)."""
    return stream_form_data(BODY, preview_body(BODY))


def make_home():
    """A home page serving the default site, in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    return home


class TestCreateIndex(WagtailPageTestCase):
    """A home page without a treatment index yet."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()

    def setUp(self):
        self.login()

    def test_an_editor_can_publish_the_treatment_index(self):
        """The create view publishes the index under home, with its introduction."""
        data = nested_form_data(
            {
                "title": "Treatments",
                "slug": "treatments",
                "intro": "Treatments we offer, and who they may help.",
                "seo_title": "",
                "search_description": "",
                "social_image": "",
                "canonical_url": "",
            }
        )
        self.assertCanCreate(self.home, TreatmentIndexPage, data)
        index = TreatmentIndexPage.objects.get()
        assert index.live
        assert index.get_parent().specific == self.home
        assert index.get_meta_description() == "Treatments we offer, and who they may help."


class AdminTestCase(WagtailPageTestCase):
    """A home page with a treatment index, a clinician, and a logged-in superuser."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.index = TreatmentIndexPageFactory(parent=cls.home)
        cls.clinician = ClinicianFactory(name="Dr Amara Okafor")
        cls.condition = ConditionFactory(name="Chronic migraine", slug="chronic-migraine")
        cls.image = ImageFactory()

    def setUp(self):
        self.user = self.login()

    def form_data(self, body=None, **fields):
        """POST data for the treatment form, valid unless the caller overrides something."""
        data = nested_form_data(
            {
                "title": "Botox for chronic migraine",
                "slug": "botox-for-chronic-migraine",
                "summary": "Injections that may reduce how often migraines happen.",
                "category": "medical",
                "schema_type": "MedicalProcedure",
                "hero_image": "",
                "body": streamfield(every_block() if body is None else body),
                "tags": "migraine, headache",
                "seo_title": "",
                "search_description": "",
                "social_image": "",
                "canonical_url": "",
                **fields,
            }
        )
        data["conditions"] = [str(self.condition.pk)]
        return data

    def add_url(self, model=TreatmentPage, parent=None):
        parent = parent or self.index
        return reverse(
            "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
        )

    def post_new_treatment(self, data):
        return self.client.post(self.add_url(), {**data, "action-publish": "action-publish"})

    def save_new_draft(self, data):
        return self.client.post(self.add_url(), data)


class TestPageTree(AdminTestCase):
    def test_treatments_live_only_under_the_treatment_index(self):
        """A treatment page can be added under the index and nowhere else."""
        self.assertAllowedParentPageTypes(TreatmentPage, {TreatmentIndexPage})
        self.assertCanCreateAt(TreatmentIndexPage, TreatmentPage)
        self.assertCanNotCreateAt(HomePage, TreatmentPage)
        self.assertCanNotCreateAt(TreatmentPage, TreatmentPage)

    def test_the_index_lives_only_under_home_and_holds_only_treatments(self):
        """The index belongs under the home page and only treatments go inside it."""
        self.assertAllowedParentPageTypes(TreatmentIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(TreatmentIndexPage, {TreatmentPage})
        self.assertCanNotCreateAt(Page, TreatmentIndexPage)

    def test_only_one_index_can_be_added(self):
        """With an index in place, the admin offers no second one."""
        assert not TreatmentIndexPage.can_create_at(self.home)
        response = self.client.get(self.add_url(TreatmentIndexPage, self.home))
        assert response.status_code in (302, 403)
        assert TreatmentIndexPage.objects.count() == 1


class TestCreateTreatment(AdminTestCase):
    def test_an_editor_can_write_a_treatment_using_every_block(self):
        """The create view accepts every structured block and saves the page, a draft until signed off."""
        self.assertCanCreate(self.index, TreatmentPage, self.form_data(), publish=False)

        page = TreatmentPage.objects.get(slug="botox-for-chronic-migraine")
        assert not page.live
        assert [block.block_type for block in page.body] == list(BODY.child_blocks)
        frequency = page.first_block("frequency")
        assert (frequency["interval_min"], frequency["interval_max"], frequency["interval_unit"]) == (
            3,
            6,
            "months",
        )
        steps = page.first_block("how_it_works")["steps"]
        assert [step["title"] for step in steps] == ["Consultation", "Treatment", "Follow-up"]
        assert page.faq_items()[0]["question"] == "Does it hurt?"
        assert list(page.conditions.all()) == [self.condition]
        assert sorted(page.tags.names()) == ["headache", "migraine"]

    def test_publishing_a_new_treatment_waits_for_a_clinicians_sign_off(self):
        """Publish on a new treatment gives the form back saying why; nothing is published."""
        response = self.post_new_treatment(self.form_data())
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [str(NOT_SIGNED_OFF)]
        assert not TreatmentPage.objects.filter(live=True).exists()

    def test_editors_cannot_type_the_medical_review(self):
        """The reviewer and dates are not in the form (posted values are ignored); the panel shows them."""
        response = self.client.get(self.add_url())
        assert response.status_code == 200
        assert not set(REVIEW_FIELDS) & set(response.context["form"].fields)
        assert BeautifulSoup(response.content, "html.parser").select_one("[data-sign-off-panel]")
        today = timezone.localdate().isoformat()
        self.save_new_draft(
            self.form_data(reviewed_by=str(self.clinician.pk), last_reviewed=today, next_review_due=today)
        )
        page = TreatmentPage.objects.get()
        assert (page.reviewed_by, page.last_reviewed, page.next_review_due) == (None, None, None)

    def test_an_editor_can_preview_before_publishing(self):
        """POSTing the form to the preview URL, then GETting it, shows the unsaved page."""
        preview_url = reverse(
            "wagtailadmin_pages:preview_on_add", args=["treatments", "treatmentpage", self.index.pk]
        )
        response = self.client.post(preview_url, self.form_data())
        assert response.status_code == 200
        assert response.json()["is_valid"] is True

        response = self.client.get(preview_url)
        assert response.status_code == 200
        content = response.content.decode()
        assert "Botox for chronic migraine" in content
        assert "Does it hurt?" in content
        assert not TreatmentPage.objects.exists()

    def test_a_group_editor_can_create_a_draft(self):
        """A non-superuser in Wagtail's Editors group can create a treatment as a draft."""
        editor = self.create_user("editor", password="password")
        editor.groups.add(Group.objects.get(name="Editors"))
        self.login(editor)

        self.assertCanCreate(self.index, TreatmentPage, self.form_data(), publish=False)
        page = TreatmentPage.objects.get(slug="botox-for-chronic-migraine")
        assert not page.live
        assert page.get_latest_revision().user == editor


class TestEditorForm(AdminTestCase):
    def test_the_clinician_chooser_lists_credentials_and_role(self):
        """Namesakes can be told apart: each clinician is listed with credentials and role."""
        ClinicianFactory(name="Dr Ben Hale", credentials="MBChB, FRCA", role="Consultant anaesthetist")
        response = self.client.get(reverse("wagtailsnippetchoosers_cms_clinician:choose"))
        self.assertContains(response, "MBChB, FRCA")
        self.assertContains(response, "Consultant anaesthetist")

    def test_the_submit_action_names_both_steps(self):
        """The edit page offers submitting to the clinician's sign-off, then the Editors' approval."""
        page = TreatmentPageFactory(parent=self.index)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        text = BeautifulSoup(response.content, "html.parser").get_text(" ")
        assert "Submit to Medical sign-off and editors' approval" in text
        assert "Moderators approval" not in text
        workflow = Workflow.objects.get(workflow_pages__page__depth=1)
        sign_off, approval = (step.task.specific for step in workflow.workflow_tasks.order_by("sort_order"))
        assert isinstance(sign_off, MedicalSignOffTask)
        assert approval.name == "Editors' approval"
        assert approval.groups.filter(name="Editors").exists()


class TestBadInputOnCreate(AdminTestCase):
    def assert_refused(self, response, message):
        """The form comes back with the message, and nothing was saved."""
        assert response.status_code == 200
        assert response.context["form"].errors
        self.assertContains(response, message)
        assert not TreatmentPage.objects.exists()

    def test_an_interval_minimum_above_its_maximum(self):
        """'Every 6 to 3 months' is refused with a message naming both numbers."""
        body = [frequency_section(low=6, high=3)]
        response = self.post_new_treatment(self.form_data(body=body))
        self.assert_refused(response, "The longest interval (3) cannot be shorter than the shortest (6).")

    def test_an_faq_entry_without_its_answer(self):
        """A question whose answer is an empty editor is refused."""
        body = [faq_section(("Does it hurt?", "<p></p>"))]
        response = self.post_new_treatment(self.form_data(body=body))
        self.assert_refused(response, "Every FAQ entry needs an answer.")

    def test_a_draft_may_hold_a_blank_answer_but_cannot_be_published(self):
        """Drafts may be half-written, so one with a blank answer saves; publishing it is refused."""
        body = [faq_section(("Does it hurt?", "<p></p>"))]
        response = self.client.post(self.add_url(), self.form_data(body=body))
        assert response.status_code == 302
        page = TreatmentPage.objects.get()
        assert not page.live

        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = self.client.post(
            edit_url, {**self.form_data(body=body), "action-publish": "action-publish"}
        )
        assert response.status_code == 200
        self.assertContains(response, "Every FAQ entry needs an answer.")
        page.refresh_from_db()
        assert not page.live

    def test_a_draft_can_wait_for_its_medical_review(self):
        """Saving a draft needs no sign-off; the sign-off comes before publishing."""
        response = self.save_new_draft(self.form_data())
        assert response.status_code == 302
        page = TreatmentPage.objects.get()
        assert not page.live
        assert page.reviewed_by is None

    def test_a_missing_streamfield_count(self):
        """Form data without the body's block count gives the form back, not a 500."""
        data = self.form_data()
        del data["body-count"]
        response = self.post_new_treatment(data)
        self.assert_refused(response, UNREADABLE)

    def test_a_malformed_streamfield_count(self):
        """A body count that is not a number gives the form back, not a 500."""
        response = self.post_new_treatment({**self.form_data(), "body-count": "lots"})
        self.assert_refused(response, UNREADABLE)

    def test_a_stream_block_missing_its_parts(self):
        """A block whose order and deletion markers are missing gives the form back, not a 500."""
        data = self.form_data()
        for key in [k for k in data if k.startswith("body-1-")]:
            del data[key]
        response = self.post_new_treatment(data)
        self.assert_refused(response, UNREADABLE)

    def test_rich_text_that_is_not_editor_data(self):
        """An FAQ answer that is not the editor's JSON, or is JSON of another shape, is refused, not a 500."""
        tampered = [
            "{not json",
            '{"blocks": "notalist"}',
            '{"blocks": [1], "entityMap": {}}',
            '{"blocks": [{"text": 5, "type": "unstyled"}], "entityMap": []}',
            "[]",
        ]
        for answer in tampered:
            with self.subTest(answer=answer):
                data = self.form_data(body=[faq_section(("Does it hurt?", "<p>Yes</p>"))])
                data["body-0-value-items-0-value-answer"] = answer
                response = self.post_new_treatment(data)
                self.assert_refused(response, UNREADABLE)

    def test_chooser_ids_that_are_not_ids(self):
        """A clinician, image or condition 'id' that is not a number is a form error, not a 500."""
        for field in ("hero_image", "social_image", "conditions"):
            with self.subTest(field=field):
                response = self.post_new_treatment({**self.form_data(), field: "abc"})
                assert response.status_code == 200
                assert field in response.context["form"].errors
        assert not TreatmentPage.objects.exists()

    def test_unknown_block_types_are_dropped(self):
        """A block type the page does not offer (e.g. raw HTML) never reaches the page."""
        rich_text_index = list(BODY.child_blocks).index("rich_text")
        data = {**self.form_data(), f"body-{rich_text_index}-type": "raw_html"}
        self.save_new_draft(data)
        page = TreatmentPage.objects.get()
        assert "raw_html" not in {block.block_type for block in page.body}
        assert "rich_text" not in {block.block_type for block in page.body}

    def test_garbage_post_data(self):
        """Arbitrary junk instead of the form gives the form back with errors, not a 500."""
        response = self.post_new_treatment({"title": "", "body-count": "2", "junk": "\x01<script>"})
        assert response.status_code == 200
        assert response.context["form"].errors
        self.assertContains(response, UNREADABLE)
        assert not TreatmentPage.objects.exists()


class TestBadInputOnEdit(AdminTestCase):
    def test_bad_input_leaves_the_published_page_unchanged(self):
        """An invalid edit to a live page changes neither the page nor its live content."""
        page = TreatmentPageFactory(parent=self.index, title="Botox for chronic migraine")
        page.save_revision().publish()
        body_before = page.body.get_prep_value()
        revisions_before = page.revisions.count()

        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        data = self.form_data(body=[frequency_section(low=6, high=3)], title="Changed title")
        response = self.client.post(edit_url, {**data, "action-publish": "action-publish"})

        assert response.status_code == 200
        self.assertContains(response, "cannot be shorter than the shortest")
        page.refresh_from_db()
        assert page.title == "Botox for chronic migraine"
        assert page.body.get_prep_value() == body_before
        assert page.revisions.count() == revisions_before

    def test_a_posted_reviewer_on_edit_changes_nothing(self):
        """A reviewer posted with the edit form (by hand: the form has none) leaves the signed-off review."""
        page = TreatmentPageFactory(parent=self.index)
        other = ClinicianFactory(name="Dr Posted Byhand")

        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = self.client.post(
            edit_url, {**self.form_data(title=page.title), "reviewed_by": str(other.pk)}
        )

        assert response.status_code == 302
        page.refresh_from_db()
        assert page.reviewed_by != other
        assert page.get_latest_revision_as_object().reviewed_by != other

    def test_a_malformed_body_on_edit_is_refused(self):
        """A broken stream count on the edit form gives the form back and saves nothing."""
        page = TreatmentPageFactory(parent=self.index)
        page.save_revision().publish()
        revisions_before = page.revisions.count()

        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = self.client.post(edit_url, {**self.form_data(), "body-count": "-"})

        self.assertContains(response, UNREADABLE)
        assert page.revisions.count() == revisions_before
        # The form shows the saved body again rather than an empty one.
        shown = response.context["form"]["body"].value()
        assert [block.block_type for block in shown] == [block.block_type for block in page.body]


class TestBlockPreviews(AdminTestCase):
    def test_every_treatment_block_has_a_working_preview(self):
        """The block picker's preview view renders each block's preview value."""
        stream_block = TreatmentPage._meta.get_field("body").stream_block
        for name, block in stream_block.child_blocks.items():
            with self.subTest(block=name):
                assert block.is_previewable
                response = self.client.get(
                    reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
                )
                self.assertContains(response, f"block-{name}")

    def test_the_image_preview_shows_a_library_image(self):
        """With an image in the library, the image block's preview shows it."""
        block = TreatmentPage._meta.get_field("body").stream_block.child_blocks["image"]
        response = self.client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
        self.assertContains(response, "<img")
        self.assertContains(response, self.image.description)

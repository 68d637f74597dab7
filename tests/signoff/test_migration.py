"""signoff.0002: pages live before sign-off existed keep going, recorded honestly as typed reviews."""

import importlib

import pytest
from django.apps import apps
from wagtail.models import Workflow

from signoff.models import SignOff
from tests.factories import ArticleIndexPageFactory, ArticlePageFactory, TreatmentPageFactory
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

migration = importlib.import_module("signoff.migrations.0002_record_reviews_typed_before_sign_off")


def test_live_pages_are_recorded_as_typed_never_as_a_clinicians(treatment_index):
    treatment = TreatmentPageFactory(parent=treatment_index)
    index = ArticleIndexPageFactory(parent=treatment_index.get_parent())
    about = ArticlePageFactory(parent=index, related_treatments=[treatment])
    news = ArticlePageFactory(parent=index)
    SignOff.objects.all().delete()  # as before sign-off existed

    migration.record_typed_reviews(apps, None)

    typed = SignOff.objects.get(page=treatment)
    assert typed.source == SignOff.BEFORE_SIGN_OFF
    assert (typed.clinician, typed.signed_on, typed.next_review_due) == (
        treatment.reviewed_by,
        treatment.last_reviewed,
        treatment.next_review_due,
    )
    assert SignOff.objects.get(page=about).clinician is None, "the article showed no reviewer"
    assert not SignOff.objects.filter(page=news).exists(), "not medical"


def test_the_recorded_content_can_be_edited_and_republished(treatment_index):
    """The fingerprints the migration records are the ones the gate checks (same fields, same form)."""
    treatment = TreatmentPageFactory(parent=treatment_index)
    SignOff.objects.all().delete()
    migration.record_typed_reviews(apps, None)

    page = TreatmentPage.objects.get(pk=treatment.pk)
    page.seo_title = "An SEO change"
    page.save_revision().publish()

    assert TreatmentPage.objects.get(pk=treatment.pk).seo_title == "An SEO change"


def test_the_field_lists_match_the_page_types():
    """Changing a page type's medical fields changes every recorded fingerprint, so it needs a new
    data migration recording the live pages again; until one is written, this fails."""
    for (app_label, model_name), fields in migration.MEDICAL_FIELDS.items():
        assert apps.get_model(app_label, model_name).medical_fields == fields


def test_the_default_workflow_asks_for_sign_off_first(home_page):
    workflow = Workflow.objects.get(workflow_pages__page__depth=1)
    assert workflow.name == "Medical sign-off and editors' approval"
    assert [task.name for task in workflow.tasks] == ["Medical sign-off", "Editors' approval"]

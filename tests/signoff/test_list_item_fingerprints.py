"""List items read alike wrapped or plain: the editor's save of unchanged content keeps its sign-off."""

import importlib
import json

import pytest
from django.apps import apps

from signoff.medical_content import fingerprint
from signoff.models import SignOff
from tests.factories import TreatmentPageFactory, publish_signed_off
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

migration = importlib.import_module("signoff.migrations.0004_fingerprints_without_list_item_wrapping")


def as_the_editor_saves_it(body):
    """Stream data as the page editor saves it: list items as ``{"type": "item", "value": ...}``."""
    return [{"type": child.block_type, "value": child.block.get_prep_value(child.value)} for child in body]


def test_wrapped_and_plain_list_items_have_one_fingerprint(treatment_index):
    treatment = TreatmentPageFactory(parent=treatment_index)
    plain = {"body": json.dumps(list(treatment.body.raw_data))}
    wrapped = {"body": json.dumps(as_the_editor_saves_it(treatment.body))}
    assert '"type": "item"' in wrapped["body"] and '"type": "item"' not in plain["body"]
    assert fingerprint(plain, ["body"]) == fingerprint(wrapped, ["body"])


def test_a_changed_list_item_still_changes_the_fingerprint(treatment_index):
    treatment = TreatmentPageFactory(parent=treatment_index)
    before = as_the_editor_saves_it(treatment.body)
    after = json.loads(json.dumps(before))
    items = next(
        value
        for block in after
        for value in (block["value"].values() if isinstance(block["value"], dict) else [])
        if isinstance(value, list) and value and isinstance(value[0], dict) and value[0].get("type") == "item"
    )
    items[0]["value"] = "Something else entirely"
    assert fingerprint({"body": json.dumps(before)}, ["body"]) != fingerprint(
        {"body": json.dumps(after)}, ["body"]
    )


def test_the_migration_computes_recorded_fingerprints_again(treatment_index):
    """A sign-off recorded with the old fingerprint of editor-saved content matches that content again."""
    treatment = TreatmentPageFactory(parent=treatment_index)
    treatment.body = as_the_editor_saves_it(treatment.body)
    publish_signed_off(treatment)
    sign_off = SignOff.objects.get(page=treatment)
    SignOff.objects.filter(pk=sign_off.pk).update(content_fingerprint="0" * 64)  # as computed before

    migration.recompute_fingerprints(apps, None)

    page = TreatmentPage.objects.get(pk=treatment.pk)
    assert page.sign_off_for(page.live_revision.content) == SignOff.objects.get(pk=sign_off.pk)


def test_the_migrations_field_lists_match_the_page_types():
    for (app_label, model_name), fields in migration.MEDICAL_FIELDS.items():
        assert apps.get_model(app_label, model_name).medical_fields == fields

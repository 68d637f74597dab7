"""Imported pages pass the admin's own form validation, as pages made by hand do."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.factories import stream_form_data
from wpimport.models import ImportedItem

pytestmark = pytest.mark.django_db


def edit_form_data(page):
    """The admin edit form's POST data for ``page`` exactly as imported (its latest revision)."""
    body = page.body.stream_block
    fields = {
        "title": page.title,
        "slug": page.slug,
        "body": streamfield(stream_form_data(body, page.body.get_prep_value())),
        "hero_image": page.hero_image_id or "",
        "tags": ", ".join(f'"{tag.name}"' for tag in page.tags.all()),
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "social_image": "",
        "canonical_url": page.canonical_url,
    }
    if page.no_index:
        fields["no_index"] = "on"
    if hasattr(page, "summary"):
        fields.update(summary=page.summary, category=page.category, schema_type=page.schema_type)
    else:
        fields.update(
            intro=page.intro,
            date=page.date.isoformat(),
            clinician_author=page.clinician_author_id or "",
            staff_author=page.staff_author_id or "",
        )
        if page.medical_content:
            fields["medical_content"] = "on"
    return nested_form_data(fields)


@pytest.mark.parametrize("wp_id", [201, 202, 203, 204, 205, 206])
def test_each_imported_page_saves_unchanged_through_the_edit_form(run_import, admin_client, wp_id):
    """Saving an imported draft in the admin, as it is, is accepted: the editor meets no error."""
    run_import()
    page = ImportedItem.objects.get(wp_id=wp_id).page.specific.get_latest_revision_as_object()
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_form_data(page))
    assert response.status_code == 302, response.context["form"].errors if response.context else response


def test_a_published_import_publishes_again_through_the_edit_form(run_import, admin_client):
    """A published article passes the full validation an editor's publish runs."""
    run_import("--publish")
    page = ImportedItem.objects.get(wp_id=202).page.specific
    revisions = page.revisions.count()
    data = {**edit_form_data(page), "action-publish": "action-publish"}
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    assert page.revisions.count() == revisions + 1

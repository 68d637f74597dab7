"""Bulk "Publish" in the page listing: only drafts that could be published one by one go live."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page

from tests.factories import TreatmentPageFactory

pytestmark = pytest.mark.django_db


def draft(treatment_index, **fields):
    page = TreatmentPageFactory(parent=treatment_index, live=False, **fields)
    page.save_revision(clean=False)
    return page


def bulk_publish(client, *pages, include_descendants=False):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    query = "&".join(f"id={page.pk}" for page in pages)
    data = {"include_descendants": "on"} if include_descendants else {}
    return client.post(f"{url}?{query}&next=/admin/pages/", data, follow=True)


def is_live(page):
    return Page.objects.get(pk=page.pk).live


def test_a_complete_draft_is_published(admin_client, treatment_index):
    page = draft(treatment_index)
    response = bulk_publish(admin_client, page)
    assert response.status_code == 200
    assert is_live(page)


def test_a_draft_without_its_medical_review_is_refused_with_the_reason(admin_client, treatment_index):
    """docs/editors.md's rule, "no treatment goes live without its review", holds for bulk publish too."""
    page = draft(
        treatment_index, title="Unreviewed peel", reviewed_by=None, last_reviewed=None, next_review_due=None
    )
    response = bulk_publish(admin_client, page)
    assert response.status_code == 200
    assert not is_live(page)
    message = " ".join(str(message) for message in response.context["messages"])
    assert "Nothing was published" in message
    assert "“Unreviewed peel”: Reviewed by: Needed to publish" in message


def test_a_draft_missing_a_required_field_gives_a_message_not_a_server_error(admin_client, treatment_index):
    """Wagtail's bulk publish raises on such a draft (wagtail/wagtail#14253); here it is refused instead."""
    page = draft(treatment_index, title="No summary", summary="")
    response = bulk_publish(admin_client, page)
    assert response.status_code == 200
    assert not is_live(page)
    assert "“No summary”: Summary: This field cannot be blank." in response.content.decode()


def test_one_incomplete_draft_stops_the_whole_bulk_publish(admin_client, treatment_index):
    complete, incomplete = draft(treatment_index), draft(treatment_index, summary="")
    bulk_publish(admin_client, complete, incomplete)
    assert not is_live(complete)
    assert not is_live(incomplete)


def test_descendants_published_along_are_checked_too(admin_client, treatment_index):
    treatment_index.unpublish()
    child = draft(treatment_index, summary="")
    bulk_publish(admin_client, treatment_index, include_descendants=True)
    assert not is_live(treatment_index)
    assert not is_live(child)


def test_no_other_way_puts_an_unreviewed_treatment_live(treatment_index):
    """Publishing a revision (as copies, schedules and workflows do) validates the page live first."""
    page = draft(treatment_index, reviewed_by=None, last_reviewed=None, next_review_due=None)
    with pytest.raises(ValidationError) as refused:
        page.get_latest_revision().publish()
    assert set(refused.value.message_dict) == {"reviewed_by", "last_reviewed", "next_review_due"}
    assert not is_live(page)

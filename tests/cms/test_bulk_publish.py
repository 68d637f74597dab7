"""Bulk "Publish" in the page listing: only drafts that could be published one by one go live."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page

from signoff.models import NOT_SIGNED_OFF
from tests.factories import TreatmentPageFactory, sign_off_draft

pytestmark = pytest.mark.django_db


def draft(treatment_index, signed_off=True, **fields):
    """A treatment draft, its medical content signed off unless ``signed_off`` is False."""
    page = TreatmentPageFactory(parent=treatment_index, live=False, **fields)
    page.save_revision(clean=False)
    if signed_off:
        sign_off_draft(page)
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


def test_a_draft_without_a_sign_off_is_refused_with_the_reason(admin_client, treatment_index):
    """The rule "no medical content goes live unsigned" (docs/medical-sign-off.md) holds for bulk publish."""
    page = draft(treatment_index, signed_off=False, title="Unreviewed peel")
    response = bulk_publish(admin_client, page)
    assert response.status_code == 200
    assert not is_live(page)
    message = " ".join(str(message) for message in response.context["messages"])
    assert "Nothing was published" in message
    assert f"“Unreviewed peel”: {NOT_SIGNED_OFF}" in message


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


def test_no_other_way_puts_an_unsigned_treatment_live(treatment_index):
    """Publishing a revision (as schedules, reverts and workflows do) validates the page live first."""
    page = draft(treatment_index, signed_off=False)
    with pytest.raises(ValidationError) as refused:
        page.get_latest_revision().publish()
    assert refused.value.messages == [str(NOT_SIGNED_OFF)]
    assert not is_live(page)

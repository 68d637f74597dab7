"""The admin lists what was imported, and nobody edits those records by hand."""

import pytest
from django.urls import reverse

from wpimport.models import ImportedItem

pytestmark = pytest.mark.django_db


def test_the_import_record_is_listed(run_import, admin_client):
    run_import()
    response = admin_client.get(reverse("wordpress_import:index"))
    assert response.status_code == 200
    assert "oldclinic.example #201" in response.content.decode()
    assert reverse("wordpress_import:add") not in response.content.decode()


def test_records_cannot_be_added_changed_or_deleted(run_import, admin_client):
    """Even a superuser gets no add, edit or delete view: the import alone writes records."""
    run_import()
    record = ImportedItem.objects.get(wp_id=201)
    for url in (
        reverse("wordpress_import:add"),
        reverse("wordpress_import:edit", args=[record.pk]),
        reverse("wordpress_import:delete", args=[record.pk]),
    ):
        response = admin_client.get(url)
        assert response.status_code in (302, 403), url
    assert admin_client.post(reverse("wordpress_import:delete", args=[record.pk])).status_code in (302, 403)
    assert ImportedItem.objects.filter(pk=record.pk).exists()
    assert admin_client.get(reverse("wordpress_import:inspect", args=[record.pk])).status_code == 200

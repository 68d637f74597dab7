"""Editors manage clinicians and the clinic's details in the Wagtail admin."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import Clinician, ClinicSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def settings_url(home_page):
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["cms", "clinicsettings", site.pk])


def clinic_form_data(opens="09:00", closes="17:30"):
    """The settings form's POST data; the admin creates an empty settings row on first visit."""
    return nested_form_data(
        {
            "name": "Harbour Lane Clinic",
            "phone": "020 7946 0000",
            "email": "hello@example.com",
            "booking_url": "https://example.com/book",
            "street_address": "12 Harbour Lane",
            "locality": "London",
            "region": "",
            "postal_code": "W1G 9PF",
            "country": "GB",
            "review_interval_months": "12",
            "opening_hours": streamfield([("hours", {"opens": opens, "closes": closes})]),
        }
    ) | {"opening_hours-0-value-days": ["Monday", "Tuesday"]}


class TestClinicSettingsAdmin:
    def test_the_settings_page_opens(self, admin_client, settings_url):
        """The clinic details form is reachable from the admin's settings menu."""
        response = admin_client.get(settings_url)
        assert response.status_code == 200
        assert {"name", "phone", "booking_url", "opening_hours"} <= set(response.context["form"].fields)

    def test_editors_save_the_clinic_details(self, admin_client, settings_url):
        """Saving the form stores the details and the opening hours for the site."""
        response = admin_client.post(settings_url, clinic_form_data())
        assert response.status_code == 302
        clinic = ClinicSettings.objects.get()
        assert clinic.address_lines == ["12 Harbour Lane", "London", "W1G 9PF"]
        hours = clinic.opening_hours[0].value
        assert (hours["opens"], hours["closes"]) == (datetime.time(9), datetime.time(17, 30))
        assert list(hours["days"]) == ["Monday", "Tuesday"]

    def test_closing_before_opening_is_refused(self, admin_client, settings_url):
        """Hours that close before they open give the form back with the reason, and save nothing."""
        response = admin_client.post(settings_url, clinic_form_data(opens="17:00", closes="09:00"))
        assert response.status_code == 200
        assert "Closing time must be after opening time." in response.content.decode()
        assert not ClinicSettings.objects.filter(name="Harbour Lane Clinic").exists()

    def test_malformed_opening_hours_are_refused_not_a_500(self, admin_client, settings_url):
        """Broken stream data on the settings form is a form error too."""
        response = admin_client.post(settings_url, {**clinic_form_data(), "opening_hours-count": "x"})
        assert response.status_code == 200
        assert "This content could not be read from the form." in response.content.decode()
        assert not ClinicSettings.objects.filter(name="Harbour Lane Clinic").exists()


class TestClinicianSnippetAdmin:
    add_url = staticmethod(lambda: reverse("wagtailsnippets_cms_clinician:add"))

    def test_editors_add_a_clinician(self, admin_client):
        """The snippet create view stores a clinician, who then appears in the listing."""
        data = {"name": "Dr Amara Okafor", "credentials": "MBBS, MRCP", "role": "Neurologist", "bio": ""}
        response = admin_client.post(self.add_url(), data)
        assert response.status_code == 302
        assert Clinician.objects.get().display_name == "Dr Amara Okafor, MBBS, MRCP"
        listing = admin_client.get(reverse("wagtailsnippets_cms_clinician:list"))
        assert "Dr Amara Okafor" in listing.content.decode()

    def test_a_clinician_needs_a_name(self, admin_client):
        """Leaving out the name gives the form back with the error and saves nothing."""
        response = admin_client.post(self.add_url(), {"name": "", "role": "Neurologist"})
        assert response.status_code == 200
        assert "name" in response.context["form"].errors
        assert not Clinician.objects.exists()

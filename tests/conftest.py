"""Fixtures shared by every test: a site whose root is the clinic's home page."""

import pytest
from wagtail.models import Page, Site

from cms.models import ClinicSettings
from search.models import SynonymGroup
from tests.factories import HomePageFactory, TreatmentIndexPageFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, without the starter synonyms a new site gets (search.0007).

    Each test states the synonyms it searches with; tests/search/relevance and
    tests/search/test_starter_synonyms.py test the starter vocabulary itself.
    """
    with django_db_blocker.unblock():
        SynonymGroup.objects.all().delete()


@pytest.fixture
def home_page(db):
    """A HomePage under Wagtail's root, serving the default site."""
    root = Page.get_first_root_node()
    # Wagtail's own migration adds a welcome page with the slug "home"; make way for ours.
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    return home


@pytest.fixture
def treatment_index(home_page):
    return TreatmentIndexPageFactory(parent=home_page)


@pytest.fixture
def clinic_settings(home_page):
    """Complete clinic details for the default site (header, footer, booking links, JSON-LD)."""
    settings, _created = ClinicSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={
            "name": "Harbour Lane Clinic",
            "phone": "020 7946 0000",
            "email": "hello@example.com",
            "street_address": "12 Harbour Lane",
            "locality": "London",
            "postal_code": "W1G 9PF",
            "country": "GB",
            "booking_url": "https://example.com/book",
            "opening_hours": [
                {
                    "type": "hours",
                    "value": {
                        "days": ["Friday", "Monday", "Tuesday", "Wednesday", "Thursday"],
                        "opens": "09:00",
                        "closes": "17:30",
                    },
                },
                {"type": "hours", "value": {"days": ["Saturday"], "opens": "10:00", "closes": "14:00"}},
            ],
        },
    )
    return settings

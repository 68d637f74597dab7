"""Fixtures shared by every test: a site whose root is the clinic's home page."""

import pytest
from wagtail.models import Page, Site

from tests.factories import HomePageFactory, TreatmentIndexPageFactory


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

"""``cms.visibility.public`` keeps what Wagtail's ``public()`` keeps, in the listing's own query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from cms.visibility import public
from tests.factories import TreatmentIndexPageFactory, TreatmentPageFactory
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(home_page):
    """Two treatment sections, one behind a password with a restricted page's sibling path close by.

    Tree paths are fixed-width steps, so "restricted" must not hide a page whose path
    merely shares characters with it: ``open_index`` and ``closed_index`` are siblings.
    """
    open_index = TreatmentIndexPageFactory(parent=home_page, slug="open")
    closed_index = TreatmentIndexPageFactory(parent=home_page, slug="closed")
    pages = {
        "open": TreatmentPageFactory(parent=open_index, title="Open"),
        "open, own restriction": TreatmentPageFactory(parent=open_index, title="Own restriction"),
        "closed": TreatmentPageFactory(parent=closed_index, title="Closed"),
    }
    PageViewRestriction.objects.create(page=closed_index, restriction_type="password", password="x")
    PageViewRestriction.objects.create(page=pages["open, own restriction"], restriction_type="login")
    return pages


@pytest.mark.parametrize("model", [Page, TreatmentPage], ids=["Page", "a page type"])
def test_public_keeps_what_wagtails_public_keeps(sections, model):
    """The restricted page, and every page under a restricted one, are left out; the rest kept."""
    ours = set(public(model.objects.all()).values_list("pk", flat=True))

    assert ours == set(model.objects.public().values_list("pk", flat=True))
    assert sections["open"].pk in ours
    assert not {sections["open, own restriction"].pk, sections["closed"].pk} & ours


def test_public_adds_no_query_of_its_own(sections):
    """Wagtail's reads the restrictions first; this tests them inside the listing's statement."""
    with CaptureQueriesContext(connection) as queries:
        titles = list(public(TreatmentPage.objects.live()).values_list("title", flat=True))

    assert titles == ["Open"]
    assert len(queries) == 1


def test_public_holds_inside_another_query(sections):
    """As a subquery Django renames the listing's tables; the condition follows them."""
    kept = public(TreatmentPage.objects.all()).values("pk")

    titles = set(Page.objects.filter(pk__in=kept).values_list("title", flat=True))

    assert titles == {"Open"}

"""The dashboard's panel of medical reviews coming due: who sees it, what it lists, and its queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.signoff.due_soon import page_due, staff

PANEL = 'id="medical-reviews-due-section"'
SIGN_OFF_LINK = re.compile(r'href="/admin/pages/\d+/medical-sign-off/"')


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def sign_off_link(page):
    return f'href="{reverse("signoff_page", args=[page.pk])}"'


def test_a_clinician_sees_their_pages_due_and_overdue_each_linking_to_its_sign_off(
    client, treatment_index, marsh, okafor
):
    """Pages the clinician last signed off, overdue or due within 30 days; not others', nor later ones."""
    overdue = page_due(treatment_index, marsh, -3, title="Acne scarring")
    soon = page_due(treatment_index, marsh, 20, title="Botox for migraine")
    later = page_due(treatment_index, marsh, 45, title="Dermal fillers")
    someone_elses = page_due(treatment_index, okafor, 5, title="Chemical peels")

    html = dashboard(client, staff("marsh", "Medical reviewers", clinician=marsh))

    assert PANEL in html
    assert "Your pages due for medical review" in html
    assert sign_off_link(overdue) in html and sign_off_link(soon) in html
    assert sign_off_link(later) not in html and sign_off_link(someone_elses) not in html
    assert html.index("Acne scarring") < html.index("Botox for migraine")
    assert html.count("(overdue)") == 1


def test_a_clinician_with_nothing_due_is_told_so(client, treatment_index, marsh, okafor):
    """The panel is there, saying nothing is due, so a clinician knows their pages are in date."""
    page_due(treatment_index, okafor, 5)

    html = dashboard(client, staff("marsh", "Medical reviewers", clinician=marsh))

    assert PANEL in html
    assert "No reviews are due in the next 30 days." in html


def test_an_editor_sees_every_page_due_with_who_last_signed_it_off(client, treatment_index, marsh, okafor):
    """An Editor (no clinician) sees all pages due, whoever signed them off, with a link to the report."""
    mine = page_due(treatment_index, marsh, 10)
    theirs = page_due(treatment_index, okafor, -1)
    no_ones = page_due(treatment_index, None, 2)

    html = dashboard(client, staff("ed", "Editors"))

    assert "Pages due for medical review" in html
    assert all(sign_off_link(page) in html for page in (mine, theirs, no_ones))
    assert "Dr Amara Okafor" in html
    assert f'href="{reverse("signoff_report")}"' in html


def test_an_editor_gets_no_panel_when_nothing_is_due(client, treatment_index, marsh):
    """With nothing due the panel would only take space: the report is a click away in the menu."""
    page_due(treatment_index, marsh, 60)

    assert PANEL not in dashboard(client, staff("ed", "Editors"))


def test_seo_staff_see_no_panel(client, treatment_index, marsh):
    """SEO staff neither sign off nor chase sign-offs: no panel, though pages are due."""
    page_due(treatment_index, marsh, -5)

    assert PANEL not in dashboard(client, staff("seo", "SEO staff"))


@pytest.mark.parametrize("group", ["Editors", "Medical reviewers"])
def test_the_panel_takes_the_same_queries_however_many_pages_are_due(
    client, treatment_index, marsh, group, django_assert_max_num_queries
):
    """Six pages due cost the dashboard no more queries than one: no query per page."""
    user = staff("someone", group, clinician=marsh if group == "Medical reviewers" else None)
    client.force_login(user)
    page_due(treatment_index, marsh, 3)
    dashboard(client, user)  # warms caches that are filled once per process, not per request
    with CaptureQueriesContext(connection) as one_page:
        html = dashboard(client, user)
    assert len(SIGN_OFF_LINK.findall(html)) == 1

    for days in range(-2, 3):
        page_due(treatment_index, marsh, days)
    with django_assert_max_num_queries(len(one_page)):
        html = dashboard(client, user)
    assert len(SIGN_OFF_LINK.findall(html)) == 6

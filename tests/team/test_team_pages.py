"""The public team page and a profile per clinician at ``/team/<slug>/``."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ClinicianFactory, ImageFactory, TreatmentPageFactory

from .pages import add_team_page


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def team(home_page, clinic_settings):
    return add_team_page(home_page, intro="The doctors who look after you.")


@pytest.fixture
def marsh(db):
    return ClinicianFactory(
        name="Dr Eleanor Marsh",
        credentials="MBBS, MRCP",
        role="Consultant neurologist",
        bio="Eleanor leads the headache service.",
        photo=ImageFactory(),
        registration_body="GMC",
        registration_number="7654321",
        specialties="Neurology\nHeadache and migraine",
        qualifications="MBBS, University of London\nMRCP (Neurology)",
    )


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def json_ld(soup, schema_type):
    for script in soup.find_all("script", type="application/ld+json"):
        document = json.loads(script.string)
        if schema_type in document.get("@type", []):
            return document
    raise AssertionError(f"no {schema_type}")


def test_team_page_lists_every_clinician_linking_to_their_profile(client, team, marsh):
    soup = soup_of(client.get("/team/"))
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".card__title a")}
    assert links == {"Dr Eleanor Marsh, MBBS, MRCP": "/team/eleanor-marsh/"}
    assert "GMC 7654321" in soup.main.get_text()


def test_profile_shows_who_they_are_their_registration_and_what_they_reviewed(
    client, team, marsh, treatment_index
):
    """Name, credentials, role, photo, bio, registration with its register link, specialties,
    qualifications, and their live pages only."""
    reviewed = TreatmentPageFactory(
        parent=treatment_index, title="Botox for chronic migraine", reviewed_by=marsh
    )
    TreatmentPageFactory(parent=treatment_index, title="Draft peel", reviewed_by=marsh, live=False)
    TreatmentPageFactory(parent=treatment_index, title="Someone else's page")

    soup = soup_of(client.get("/team/eleanor-marsh/"))

    assert soup.h1.get_text() == "Dr Eleanor Marsh, MBBS, MRCP"
    text = soup.main.get_text(" ", strip=True)
    for shown in [
        "Consultant neurologist",
        "Eleanor leads the headache service.",
        "GMC 7654321",
        "Headache and migraine",
        "MRCP (Neurology)",
    ]:
        assert shown in text
    register = soup.main.find("a", string="check it on the public register")
    assert register["href"] == "https://www.gmc-uk.org/registration-and-licensing/the-medical-register"
    assert soup.main.find("img")
    assert [a.get_text() for a in soup.select("#reviewed-heading + ul a")] == [reviewed.title]
    assert soup.title.get_text() == "Dr Eleanor Marsh, MBBS, MRCP | Harbour Lane Clinic"
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/team/eleanor-marsh/"


def test_unknown_profile_is_404(client, team, marsh):
    assert client.get("/team/no-such-clinician/").status_code == 404
    assert client.get("/team/eleanor-marsh/more/").status_code == 404


def test_profile_prints_a_physician_of_the_clinic(client, team, marsh):
    """Physician JSON-LD: @id the profile URL + #physician, specialties, registration, the clinic."""
    physician = json_ld(soup_of(client.get("/team/eleanor-marsh/")), "Physician")
    assert physician["@id"] == "http://localhost/team/eleanor-marsh/#physician"
    assert physician["@type"] == ["Person", "Physician"]
    assert physician["name"] == "Dr Eleanor Marsh"
    assert physician["medicalSpecialty"] == ["Neurology", "Headache and migraine"]
    assert physician["identifier"] == {
        "@type": "PropertyValue",
        "propertyID": "GMC",
        "name": "GMC 7654321",
        "value": "7654321",
    }
    home = json_ld(soup_of(client.get("/")), "MedicalClinic")
    assert physician["memberOf"] == {"@type": "MedicalClinic", "@id": home["@id"]}
    assert home["@id"] == "http://localhost/#clinic"
    assert "sameAs" not in physician  # no address of their own entry was given


def test_review_line_links_the_reviewer_to_their_profile(client, team, marsh, treatment_index):
    page = TreatmentPageFactory(parent=treatment_index, reviewed_by=marsh)
    review = soup_of(client.get(page.url)).find(class_="review")
    assert review.a["href"] == "/team/eleanor-marsh/"
    assert review.a.get_text() == "Dr Eleanor Marsh, MBBS, MRCP"


def test_without_a_live_team_page_the_reviewer_is_named_without_a_link(client, team, marsh, treatment_index):
    team.unpublish()
    page = TreatmentPageFactory(parent=treatment_index, reviewed_by=marsh)
    review = soup_of(client.get(page.url)).find(class_="review")
    assert review.a is None
    assert "Medically reviewed by Dr Eleanor Marsh, MBBS, MRCP" in review.get_text(" ", strip=True)


def test_an_overdue_page_shows_review_due_on_the_profile(client, team, marsh, treatment_index):
    TreatmentPageFactory(
        parent=treatment_index,
        title="Chemical peel",
        reviewed_by=marsh,
        last_reviewed=timezone.localdate() - datetime.timedelta(days=400),
        next_review_due=timezone.localdate() - datetime.timedelta(days=35),
    )
    item = soup_of(client.get("/team/eleanor-marsh/")).select_one("#reviewed-heading + ul li")
    assert "review due" in item.get_text()


def add_clinicians(treatment_index, count):
    """``count`` clinicians, each with a photo and a live page they reviewed."""
    for _n in range(count):
        clinician = ClinicianFactory(
            photo=ImageFactory(), registration_body="GMC", registration_number="1234567"
        )
        TreatmentPageFactory(parent=treatment_index, reviewed_by=clinician)
    return clinician


def queries_to_render(client, url):
    """Queries for one visit, once image renditions and Wagtail's site cache are warm."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_team_and_profile_pages_keep_to_a_query_budget(client, settings, team, treatment_index):
    """The team page costs the same with 2 or 12 clinicians; a profile a fixed number of queries.

    Measured on SQLite: 12 for the team page (routing, layout, then the clinicians, their
    photos and the photos' renditions) and 14 for a profile (one clinician with photo and
    renditions, then 2 a page type with a reviewer: view restrictions, then the pages).
    The ceilings add a margin of 2 for database backends and Wagtail releases.
    """
    settings.PAGE_CACHE_ENABLED = False
    add_clinicians(treatment_index, 2)
    two = queries_to_render(client, "/team/")
    last = add_clinicians(treatment_index, 10)
    twelve = queries_to_render(client, "/team/")
    assert two == twelve <= 14
    assert queries_to_render(client, f"/team/{last.slug}/") <= 16


def test_the_sitemap_lists_each_profile(client, team, marsh):
    """Profiles are pages of their own for search engines; hiding the team page hides them too."""
    locations = client.get("/sitemap.xml").content.decode()
    assert "http://localhost/team/</loc>" in locations
    assert "http://localhost/team/eleanor-marsh/</loc>" in locations
    team.no_index = True
    team.save_revision().publish()
    assert "/team/" not in client.get("/sitemap.xml").content.decode()

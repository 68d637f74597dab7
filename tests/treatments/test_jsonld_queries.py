"""The treatment page's JSON-LD reads only what the page has loaded for its own HTML."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ClinicianFactory, TreatmentPageFactory
from tests.team.pages import add_team_page
from tests.treatments.test_jsonld import document_of_type, json_ld_documents
from treatments.jsonld import treatment_json_ld
from treatments.models import TreatmentPage


def test_a_render_names_the_reviewer_by_their_profile_without_reading_the_team_page(
    client, settings, treatment_index, clinic_settings, home_page
):
    """The review line and the JSON-LD both name the reviewer by their profile, whose address
    comes from the team page's, looked up once after a publish and then read from the cache."""
    settings.PAGE_CACHE_ENABLED = False
    add_team_page(home_page)
    page = TreatmentPageFactory(parent=treatment_index, reviewed_by=ClinicianFactory(name="Dr Amara Okafor"))
    assert client.get(page.url).status_code == 200

    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)

    reviewer = document_of_type(json_ld_documents(response.content), "MedicalWebPage")["reviewedBy"]
    assert reviewer["url"] == "http://localhost/team/amara-okafor/"
    assert 'href="/team/amara-okafor/"' in response.content.decode()
    assert [query["sql"] for query in captured if "team_teampage" in query["sql"]] == []


def test_json_ld_built_again_for_the_same_request_runs_no_query(rf, treatment_index, home_page):
    """The reviewer, the conditions, the body and the team page's address are read once a page and request."""
    add_team_page(home_page)
    page = TreatmentPageFactory(parent=treatment_index, schema_type="MedicalTherapy")
    page = TreatmentPage.objects.get(pk=page.pk)
    request = rf.get(page.url)
    first = treatment_json_ld(page, request)

    with CaptureQueriesContext(connection) as captured:
        again = treatment_json_ld(page, request)

    assert again == first
    assert first[0]["@graph"][0]["reviewedBy"]["url"].startswith("http://localhost/team/")
    assert captured.captured_queries == []

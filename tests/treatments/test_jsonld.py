"""Structured data (JSON-LD): built from fields, parseable, complete and safe to embed."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.jsonld import faq_page, medical_clinic, person, plain_text
from tests.factories import (
    ClinicianFactory,
    ConditionFactory,
    TreatmentPageFactory,
    full_body,
    publish_signed_off,
)
from tests.team.pages import add_team_page
from treatments.jsonld import followup, treatment_json_ld


def visible_text(element):
    """An element's text as a reader sees it, with runs of white space as one space."""
    return " ".join(element.get_text(" ").split())


def json_ld_documents(html):
    """Every ``application/ld+json`` script in ``html``, parsed."""
    soup = BeautifulSoup(html, "html.parser")
    return [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]


def document_of_type(documents, schema_type):
    for document in documents:
        nodes = document.get("@graph", [document])
        for node in nodes:
            if node.get("@type") == schema_type:
                return node
    raise AssertionError(f"no {schema_type} in {documents}")


@pytest.fixture
def treatment(treatment_index, clinic_settings):
    page = TreatmentPageFactory(
        parent=treatment_index,
        title="Botox for chronic migraine",
        summary="Injections that may reduce headache days.",
        reviewed_by=ClinicianFactory(name="Dr Amara Okafor", credentials="MBBS, MRCP", role="Neurologist"),
        body=full_body(faq_count=2),
    )
    page.conditions.add(ConditionFactory(name="Chronic migraine"))
    publish_signed_off(page)
    return page


@pytest.fixture
def documents(client, treatment):
    response = client.get(treatment.url)
    assert response.status_code == 200
    return json_ld_documents(response.content)


class TestTreatmentPageJsonLd:
    def test_every_script_parses_and_names_the_schema_context(self, documents):
        """Graph, FAQ and breadcrumbs are separate, valid JSON documents."""
        assert len(documents) == 3
        assert all(document["@context"] == "https://schema.org" for document in documents)

    def test_medical_web_page_carries_the_medical_review(self, documents, treatment):
        """lastReviewed and reviewedBy (a Person with credentials) come from the review fields."""
        web_page = document_of_type(documents, "MedicalWebPage")
        assert web_page["url"] == "http://localhost/treatments/botox-for-chronic-migraine/"
        assert web_page["name"] == "Botox for chronic migraine"
        assert web_page["description"] == "Injections that may reduce headache days."
        assert web_page["lastReviewed"] == treatment.last_reviewed.isoformat()
        assert web_page["reviewedBy"] == {
            "@type": "Person",
            "name": "Dr Amara Okafor",
            "honorificSuffix": "MBBS, MRCP",
            "jobTitle": "Neurologist",
        }
        assert web_page["mainEntity"] == {"@id": f"{web_page['url']}#treatment"}

    def test_page_and_treatment_use_the_canonical_url_override(self, client, treatment):
        """SEO staff's canonical URL is the page's identity in JSON-LD too, as in the canonical link."""
        treatment.canonical_url = "https://example.org/botox-migraine/"
        publish_signed_off(treatment)
        documents = json_ld_documents(client.get(treatment.url).content)
        assert document_of_type(documents, "MedicalWebPage")["url"] == "https://example.org/botox-migraine/"
        assert (
            document_of_type(documents, "MedicalProcedure")["@id"]
            == "https://example.org/botox-migraine/#treatment"
        )

    def test_procedure_is_described_from_the_structured_blocks(self, documents):
        """howPerformed, bodyLocation and followup; no properties schema.org keeps for therapies."""
        procedure = document_of_type(documents, "MedicalProcedure")
        assert procedure["name"] == "Botox for chronic migraine"
        assert procedure["howPerformed"] == (
            "Small injections relax the muscles involved. "
            "1. Consultation: Your provider checks your history. "
            "2. Injections: Around 30 small injections."
        )
        assert procedure["bodyLocation"] == ["Forehead", "Temples", "Neck"]
        assert "Repeat treatment every 3 to 6 months." in procedure["followup"]
        assert not set(procedure) & {"contraindication", "adverseOutcome", "indication"}

    def test_therapy_adds_contraindications_side_effects_and_indications(self, treatment):
        """Marked as a therapy: a MedicalTherapy with contraindication, adverseOutcome and indication."""
        treatment.schema_type = "MedicalTherapy"
        graph = treatment_json_ld(treatment)[0]["@graph"]
        assert [node["@type"] for node in graph] == ["MedicalWebPage", "MedicalTherapy"]
        therapy = graph[1]
        assert therapy["followup"] and therapy["howPerformed"]
        assert therapy["contraindication"] == ["People who are immunocompromised"]
        assert [outcome["name"] for outcome in therapy["adverseOutcome"]] == [
            "Brief redness where injected",
            "A drooping eyelid",
        ]
        assert therapy["indication"] == [{"@type": "MedicalIndication", "name": "Chronic migraine"}]

    def test_faq_page_lists_questions_with_plain_text_answers(self, documents):
        """Each FAQ item becomes a Question whose acceptedAnswer is text without markup."""
        faq = document_of_type(documents, "FAQPage")
        assert faq["mainEntity"][1] == {
            "@type": "Question",
            "name": "Question 1?",
            "acceptedAnswer": {"@type": "Answer", "text": "Answer 1, ask your provider."},
        }

    def test_breadcrumb_list_follows_the_trail(self, documents):
        """Positions count from the home page down to this page, with absolute URLs."""
        crumbs = document_of_type(documents, "BreadcrumbList")["itemListElement"]
        assert [(crumb["position"], crumb["name"]) for crumb in crumbs] == [
            (1, "Home"),
            (2, "Treatments"),
            (3, "Botox for chronic migraine"),
        ]
        assert crumbs[0]["item"] == "http://localhost/"

    def test_editor_text_cannot_close_the_script_element(self, client, treatment_index, clinic_settings):
        """'</script>' typed into an FAQ stays escaped in the page and round-trips as text."""
        body = full_body(faq_count=1)
        attack = "</script><script>alert(1)</script>"
        body[-1]["value"]["items"][0] = {
            "question": f"What about {attack}?",
            "answer": "<p>Text &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>",
        }
        page = TreatmentPageFactory(parent=treatment_index, body=body)
        html = client.get(page.url).content.decode()
        assert "<script>alert(1)" not in html
        faq = document_of_type(json_ld_documents(html), "FAQPage")["mainEntity"][0]
        assert faq["name"] == f"What about {attack}?"
        assert faq["acceptedAnswer"]["text"] == f"Text {attack} & more"

    def test_a_page_without_structured_blocks_leaves_fields_out(self, treatment_index):
        """Missing blocks mean missing keys, never empty strings or lists, and no FAQPage."""
        page = TreatmentPageFactory(parent=treatment_index, body=[], reviewed_by=None, last_reviewed=None)
        documents = treatment_json_ld(page)
        assert len(documents) == 1
        web_page, procedure = documents[0]["@graph"]
        assert "reviewedBy" not in web_page and "lastReviewed" not in web_page
        assert set(procedure) == {"@type", "@id", "name", "description", "url"}

    def test_how_it_works_without_steps_or_introduction_leaves_how_performed_out(self, treatment_index):
        """Optional steps left empty: the areas treated still show, and no empty howPerformed."""
        how_it_works = {
            "type": "how_it_works",
            "value": {"intro": "", "steps": [], "treatment_areas": ["Neck"]},
        }
        page = TreatmentPageFactory(parent=treatment_index, body=[how_it_works])
        procedure = treatment_json_ld(page)[0]["@graph"][1]
        assert "howPerformed" not in procedure
        assert procedure["bodyLocation"] == ["Neck"]

    def test_steps_alone_describe_how_it_is_performed(self, treatment_index):
        """Without an introduction, howPerformed is the numbered steps and nothing before them."""
        steps = [{"title": "Consultation", "description": "Your provider asks about your health."}]
        how_it_works = {"type": "how_it_works", "value": {"intro": "", "steps": steps, "treatment_areas": []}}
        page = TreatmentPageFactory(parent=treatment_index, body=[how_it_works])
        procedure = treatment_json_ld(page)[0]["@graph"][1]
        assert procedure["howPerformed"] == "1. Consultation: Your provider asks about your health."
        assert "bodyLocation" not in procedure


class TestReviewerAndDates:
    def test_reviewer_is_named_by_their_profiles_physician_id(self, client, treatment, home_page):
        """With a live team page, reviewedBy carries the profile's @id and address beside the name."""
        add_team_page(home_page)
        web_page = document_of_type(json_ld_documents(client.get(treatment.url).content), "MedicalWebPage")
        profile = "http://localhost/team/amara-okafor/"
        assert web_page["reviewedBy"]["@id"] == f"{profile}#physician"
        assert web_page["reviewedBy"]["url"] == profile
        assert web_page["reviewedBy"]["name"] == "Dr Amara Okafor"

    def test_an_overdue_review_is_not_claimed(self, client, treatment):
        """Past its next review date, the page says "Review due" and its JSON-LD drops the review."""
        treatment.last_reviewed = timezone.localdate() - datetime.timedelta(days=400)
        treatment.next_review_due = timezone.localdate() - datetime.timedelta(days=35)
        publish_signed_off(treatment)
        html = client.get(treatment.url).content
        web_page = document_of_type(json_ld_documents(html), "MedicalWebPage")
        assert "lastReviewed" not in web_page and "reviewedBy" not in web_page
        assert web_page["name"] == "Botox for chronic migraine"  # the rest of the page's data stays
        assert "Review due." in BeautifulSoup(html, "html.parser").find(class_="review").get_text()

    def test_a_back_dated_page_keeps_its_first_publication(self, client, treatment):
        """Copy first published in 2019 and published here today: "First published 1 July 2019 ·
        Updated <today>", and the same dates in datePublished and dateModified."""
        treatment.first_published_at = datetime.datetime(2019, 7, 1, 9, tzinfo=datetime.UTC)
        publish_signed_off(treatment)
        treatment.refresh_from_db()
        assert treatment.first_published_at.year == 2019  # publishing kept it

        soup = BeautifulSoup(client.get(treatment.url).content, "html.parser")
        today = timezone.localdate()
        line = soup.find(class_="provenance")
        assert visible_text(line) == f"First published 1 July 2019 · Updated {today:%-d %B %Y}"
        assert [time["datetime"] for time in line.find_all("time")] == ["2019-07-01", today.isoformat()]
        web_page = document_of_type(json_ld_documents(str(soup)), "MedicalWebPage")
        assert (web_page["datePublished"], web_page["dateModified"]) == ("2019-07-01", today.isoformat())

    def test_a_page_published_once_today_is_not_also_updated(self, client, treatment):
        line = BeautifulSoup(client.get(treatment.url).content, "html.parser").find(class_="provenance")
        assert visible_text(line) == f"First published {timezone.localdate():%-d %B %Y}"

    def test_first_publication_cannot_be_in_the_future(self, treatment):
        treatment.first_published_at = timezone.now() + datetime.timedelta(days=2)
        with pytest.raises(ValidationError) as error:
            treatment.full_clean()
        assert error.value.message_dict["first_published_at"] == [
            "The first publication cannot be in the future."
        ]


class TestBuilders:
    def test_followup_reads_naturally_for_a_fixed_interval(self, treatment):
        """Both ends equal give 'every 3 months', after the first course."""
        frequency = treatment.first_block("frequency")
        frequency["interval_max"] = 3
        assert (
            followup(frequency)
            == "First course: Two sessions, 12 weeks apart. Repeat treatment every 3 months."
        )

    def test_person_leaves_out_missing_credentials(self, db):
        """A clinician without credentials has no honorificSuffix key."""
        clinician = ClinicianFactory(credentials="", role="Nurse practitioner")
        assert person(clinician) == {
            "@type": "Person",
            "name": clinician.name,
            "jobTitle": "Nurse practitioner",
        }
        assert person(None) is None

    def test_plain_text_separates_paragraphs_and_list_items(self):
        """Block elements become spaces; entities become characters."""
        assert (
            plain_text("<p>One &amp; two</p><ul><li>three</li><li>four</li></ul>") == "One & two three four"
        )

    def test_faq_page_is_omitted_without_questions(self):
        assert faq_page([]) is None

    def test_medical_clinic_from_clinic_settings(self, clinic_settings):
        """Name, contact, postal address and opening hours (days in week order), no sameAs."""
        clinic = medical_clinic(clinic_settings, "http://localhost/")
        assert clinic["@type"] == "MedicalClinic"
        assert clinic["name"] == "Harbour Lane Clinic"
        assert clinic["url"] == "http://localhost/"
        assert clinic["telephone"] == "020 7946 0000"
        assert clinic["email"] == "hello@example.com"
        assert clinic["address"] == {
            "@type": "PostalAddress",
            "streetAddress": "12 Harbour Lane",
            "addressLocality": "London",
            "postalCode": "W1G 9PF",
            "addressCountry": "GB",
        }
        weekdays = clinic["openingHoursSpecification"][0]
        assert weekdays["dayOfWeek"] == [
            f"https://schema.org/{day}" for day in ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
        ]
        assert (weekdays["opens"], weekdays["closes"]) == ("09:00", "17:30")
        assert "sameAs" not in clinic

    def test_medical_clinic_needs_a_name(self, clinic_settings):
        """Unfilled clinic settings print no MedicalClinic at all."""
        clinic_settings.name = ""
        assert medical_clinic(clinic_settings, "http://localhost/") is None

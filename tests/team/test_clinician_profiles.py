"""A clinician's professional registration: checked as the regulator writes it, linked to its register."""

import pytest
from django.core.exceptions import ValidationError

from cms.models import Clinician
from cms.models.clinicians import REGISTER_SEARCH_URLS, RegulatoryBody
from tests.factories import ClinicianFactory


def registration_errors(**fields):
    """The form errors ``full_clean`` gives a clinician with ``fields``, by field name."""
    clinician = ClinicianFactory.build(**fields)
    try:
        clinician.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.mark.django_db
class TestRegistrationNumber:
    @pytest.mark.parametrize(
        ("body", "number"),
        [
            ("GMC", "7654321"),
            ("NMC", "12A3456E"),
            ("GPhC", "2071234"),
            ("GDC", "123456"),
            ("HCPC", "PH12345"),
        ],
    )
    def test_numbers_in_the_regulators_form_are_accepted(self, body, number):
        """Each register's own form of number passes."""
        assert registration_errors(registration_body=body, registration_number=number) == {}

    @pytest.mark.parametrize(
        ("body", "number", "message"),
        [
            ("GMC", "765432", "A GMC number is 7 digits, e.g. 7654321."),
            ("GMC", "GMC7654321", "A GMC number is 7 digits, e.g. 7654321."),
            ("NMC", "1234567", "An NMC PIN is 2 digits, a letter, 4 digits and a letter, e.g. 12A3456E."),
            ("GPhC", "20712345", "A GPhC registration number is 7 digits, e.g. 2071234."),
            ("GDC", "12/3456", "Use only letters and digits, as the register prints it."),
        ],
    )
    def test_a_number_in_the_wrong_form_is_a_clear_form_error(self, body, number, message):
        """The error names the form the regulator uses, on the number's field."""
        assert registration_errors(registration_body=body, registration_number=number) == {
            "registration_number": [message]
        }

    def test_spaces_hyphens_and_small_letters_are_tidied(self):
        """'12a 3456-e' is saved as the NMC prints it, 12A3456E."""
        clinician = ClinicianFactory.build(registration_body="NMC", registration_number="12a 3456-e")
        clinician.full_clean()
        assert clinician.registration_number == "12A3456E"
        assert clinician.registration == "NMC 12A3456E"

    def test_a_number_needs_its_register_and_a_register_its_number(self):
        assert set(registration_errors(registration_number="7654321")) == {"registration_body"}
        assert set(registration_errors(registration_body="GMC")) == {"registration_number"}


@pytest.mark.django_db
class TestRegisterLink:
    @pytest.mark.parametrize("body", ["GMC", "NMC", "GDC", "HCPC", "GPhC"])
    def test_each_register_links_to_its_public_search(self, body):
        """Without an address of their own entry, the link is the register's search page, over https."""
        clinician = ClinicianFactory.build(registration_body=body, registration_number="1234567")
        assert clinician.register_link == REGISTER_SEARCH_URLS[body]
        assert clinician.register_link.startswith("https://")

    def test_the_editors_link_to_their_own_entry_wins(self):
        clinician = ClinicianFactory.build(
            registration_body="GMC",
            registration_number="7654321",
            register_url="https://register.example.org/7654321",
        )
        assert clinician.register_link == "https://register.example.org/7654321"

    def test_another_register_links_only_where_the_editor_says(self):
        """'Another register' has no known search page; its number shows without a body name."""
        clinician = ClinicianFactory.build(registration_body=RegulatoryBody.OTHER, registration_number="X123")
        assert clinician.register_link == ""
        assert clinician.registration == "X123"

    def test_no_registration_no_link(self):
        clinician = ClinicianFactory.build(register_url="https://register.example.org/1")
        assert (clinician.registration, clinician.register_link) == ("", "")


@pytest.mark.django_db
class TestProfileAddress:
    def test_slug_is_made_from_the_name_without_the_title(self):
        assert ClinicianFactory(name="Dr Amara Okafor").slug == "amara-okafor"

    def test_a_second_clinician_of_the_same_name_gets_a_numbered_slug(self):
        ClinicianFactory(name="Dr Sam Lee")
        assert ClinicianFactory(name="Sam Lee").slug == "sam-lee-2"

    def test_an_address_another_clinician_has_is_a_form_error(self):
        ClinicianFactory(name="Dr Sam Lee")
        clinician = Clinician(name="Dr Samuel Lee", role="GP", slug="sam-lee")
        with pytest.raises(ValidationError) as error:
            clinician.full_clean()
        assert "slug" in error.value.message_dict

    def test_specialties_and_qualifications_are_one_a_line(self):
        clinician = ClinicianFactory.build(specialties="Neurology\n\n  Headache \n", qualifications="MBBS\n")
        assert clinician.specialty_list == ["Neurology", "Headache"]
        assert clinician.qualification_list == ["MBBS"]


def test_the_admin_form_shows_a_wrong_number_beside_its_field(admin_client):
    """Adding a clinician with a 6-digit GMC number re-shows the form with the error; nothing is saved."""
    response = admin_client.post(
        "/admin/snippets/cms/clinician/add/",
        {"name": "Dr Sam Lee", "role": "GP", "registration_body": "GMC", "registration_number": "765432"},
    )
    assert response.status_code == 200
    assert "A GMC number is 7 digits, e.g. 7654321." in response.content.decode()
    assert not Clinician.objects.exists()


def test_the_admin_form_saves_a_profile_with_its_address_made_from_the_name(admin_client):
    response = admin_client.post(
        "/admin/snippets/cms/clinician/add/",
        {"name": "Dr Sam Lee", "role": "GP", "registration_body": "GMC", "registration_number": "765 4321"},
    )
    assert response.status_code == 302
    clinician = Clinician.objects.get()
    assert (clinician.slug, clinician.registration) == ("sam-lee", "GMC 7654321")

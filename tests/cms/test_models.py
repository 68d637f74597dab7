"""Site-wide models: clinicians, clinic details, images, and the SEO and medical-review mixins."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Page, Site

from cms.models import Clinician, ClinicSettings, CustomImage
from home.models import HomeFeaturedTreatment, HomePage
from tests.factories import ImageFactory, TreatmentPageFactory
from treatments.models import Condition, TreatmentIndexPage, TreatmentPage

TODAY = timezone.localdate


def days(n):
    return datetime.timedelta(days=n)


class TestClinician:
    def test_display_name_adds_credentials(self):
        """The name shown beside a review carries the clinician's credentials."""
        clinician = Clinician(name="Dr Amara Okafor", credentials="MBBS, MRCP", role="Neurologist")
        assert clinician.display_name == "Dr Amara Okafor, MBBS, MRCP"
        assert str(clinician) == "Dr Amara Okafor"

    def test_display_name_without_credentials_is_the_name(self):
        """No dangling comma when there are no credentials."""
        assert Clinician(name="Sam Lee", role="Nurse").display_name == "Sam Lee"

    @pytest.mark.django_db  # full_clean checks the profile address is unique
    def test_name_and_role_are_required(self):
        """A clinician needs a name and a role; credentials, photo and bio are optional."""
        with pytest.raises(ValidationError) as caught:
            Clinician(name="", role="").full_clean()
        assert set(caught.value.message_dict) == {"name", "role"}


@pytest.mark.django_db
class TestClinicSettings:
    def test_address_lines_skip_blank_parts(self, home_page):
        """The address prints only the parts the clinic filled in, in postal order."""
        clinic = ClinicSettings(
            site=Site.objects.get(is_default_site=True),
            name="Harbour Lane Clinic",
            street_address="12 Harbour Lane",
            locality="London",
            postal_code="W1G 9PF",
        )
        assert clinic.address_lines == ["12 Harbour Lane", "London", "W1G 9PF"]

    @pytest.mark.parametrize("code", ["gb", "GBR", "G1"])
    def test_country_must_be_a_two_letter_code(self, home_page, code):
        """The country feeds structured data, so only a two-capital-letter ISO code is accepted."""
        clinic = ClinicSettings(site=Site.objects.get(is_default_site=True), name="Clinic", country=code)
        with pytest.raises(ValidationError) as caught:
            clinic.full_clean()
        assert (
            "Use the two capital letters of the ISO code, e.g. 'GB'." in caught.value.message_dict["country"]
        )

    def test_settings_for_the_site_are_found_from_a_request(self, clinic_settings, rf):
        """Templates read the clinic details for the site being served."""
        request = rf.get("/", HTTP_HOST="localhost")
        assert ClinicSettings.for_request(request).name == "Harbour Lane Clinic"


@pytest.mark.django_db
def test_images_need_alt_text():
    """An image without alt text is refused; screen-reader users rely on it."""
    image = ImageFactory.build(description="")
    with pytest.raises(ValidationError) as caught:
        image.full_clean(exclude=["file", "collection", "uploaded_by_user", "tags"])
    assert "description" in caught.value.message_dict
    assert CustomImage._meta.get_field("description").verbose_name == "alt text"


@pytest.mark.django_db
class TestSeoMixin:
    def test_meta_description_falls_back_to_the_summary(self, treatment_index):
        """Without a search description, search engines get the page's own summary."""
        page = TreatmentPageFactory(parent=treatment_index, summary="Plain summary.")
        assert page.get_meta_description() == "Plain summary."
        page.search_description = "Written for search engines."
        assert page.get_meta_description() == "Written for search engines."

    def test_social_image_falls_back_to_the_main_image(self, treatment_index):
        """Shares use the social image if set, else the page's main image."""
        hero, social = ImageFactory(), ImageFactory()
        page = TreatmentPageFactory(parent=treatment_index, hero_image=hero)
        assert page.get_social_image() == hero
        page.social_image = social
        assert page.get_social_image() == social

    def test_canonical_url_defaults_to_the_page_itself(self, treatment_index):
        """Only an explicit canonical URL overrides the page's own address."""
        page = TreatmentPageFactory(parent=treatment_index, slug="botox")
        assert page.get_canonical_url().endswith("/treatments/botox/")
        page.canonical_url = "https://example.org/original"
        assert page.get_canonical_url() == "https://example.org/original"

    def test_hidden_pages_leave_the_sitemap(self, treatment_index):
        """'Hide from search engines' also keeps the page out of the sitemap."""
        page = TreatmentPageFactory(parent=treatment_index)
        assert len(page.get_sitemap_urls()) == 1
        page.no_index = True
        assert page.get_sitemap_urls() == []


@pytest.mark.django_db
def test_every_editor_facing_field_has_help_text():
    """Each field an editor fills in explains itself (Wagtail's own page fields excepted)."""
    wagtail_fields = {field.name for field in Page._meta.get_fields()}
    models = [
        Clinician,
        ClinicSettings,
        Condition,
        HomePage,
        HomeFeaturedTreatment,
        TreatmentIndexPage,
        TreatmentPage,
    ]
    missing = [
        f"{model.__name__}.{field.name}"
        for model in models
        for field in model._meta.get_fields()
        if getattr(field, "editable", False)
        and not getattr(field, "auto_created", False)
        and field.name not in wagtail_fields | {"id", "site", "page", "sort_order"}
        and not field.help_text
    ]
    assert missing == []

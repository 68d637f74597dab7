"""Editors create the home page, feature treatments on it, preview and publish it in the admin."""

from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from home.models import HomePage
from tests.factories import HomePageFactory, TreatmentIndexPageFactory, TreatmentPageFactory
from treatments.models import TreatmentIndexPage, TreatmentPage


def home_form_data(featured=(), **fields):
    """POST data for the home page form, featuring the given treatment pages in order."""
    return nested_form_data(
        {
            "title": "Home",
            "slug": "home",
            "hero_heading": "Care you can trust",
            "hero_text": "Specialist treatments, explained plainly.",
            "hero_image": "",
            "featured_heading": "Our treatments",
            "featured_treatments": inline_formset([{"treatment": str(page.pk)} for page in featured]),
            "seo_title": "",
            "search_description": "",
            "social_image": "",
            "canonical_url": "",
            **fields,
        }
    )


class TestCreateHome(WagtailPageTestCase):
    """A fresh site: only Wagtail's root and its welcome page."""

    def setUp(self):
        self.login()
        self.root = Page.get_first_root_node()

    def add_url(self):
        return reverse("wagtailadmin_pages:add", args=["home", "homepage", self.root.pk])

    def test_the_home_page_sits_at_the_top_and_holds_the_treatment_index(self):
        """Home goes directly under the root; the treatment index goes under home."""
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(HomePage, TreatmentIndexPage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(TreatmentIndexPage, HomePage)

    def test_an_editor_can_create_and_publish_the_home_page(self):
        """The create view publishes a home page under the root."""
        Page.objects.filter(depth=2).update(slug="welcome")
        self.assertCanCreate(self.root, HomePage, home_form_data())
        home = HomePage.objects.get()
        assert home.live
        assert home.hero_heading == "Care you can trust"

    def test_there_is_only_one_home_page(self):
        """Once a home page exists the admin will not add a second."""
        HomePageFactory(parent=self.root, slug="home-page")
        assert not HomePage.can_create_at(self.root)
        response = self.client.post(self.add_url(), {**home_form_data(slug="second"), "action-publish": "1"})
        assert response.status_code in (302, 403)
        assert HomePage.objects.count() == 1

    def test_a_missing_heading_gives_the_form_back(self):
        """Without its welcome heading the form comes back with the error and nothing is saved."""
        response = self.client.post(
            self.add_url(), {**home_form_data(hero_heading=""), "action-publish": "1"}
        )
        assert response.status_code == 200
        assert "hero_heading" in response.context["form"].errors
        self.assertContains(response, "This field is required.")
        assert not HomePage.objects.exists()

    def test_a_malformed_featured_list_gives_the_form_back(self):
        """A featured-treatments list without its management data is an error, not a 500."""
        data = home_form_data()
        for key in [k for k in data if k.startswith("featured_treatments-")]:
            del data[key]
        response = self.client.post(self.add_url(), {**data, "action-publish": "1"})
        assert response.status_code == 200
        assert not HomePage.objects.exists()


class TestFeatureTreatments(WagtailPageTestCase):
    """A published home page, a treatment index and two treatments."""

    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).delete()
        cls.home = HomePageFactory(parent=root, slug="home")
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": cls.home, "hostname": "localhost"}
        )
        index = TreatmentIndexPageFactory(parent=cls.home)
        cls.migraine = TreatmentPageFactory(parent=index, title="Botox for chronic migraine")
        cls.sweating = TreatmentPageFactory(parent=index, title="Treatment for excessive sweating")

    def setUp(self):
        self.login()
        self.edit_url = reverse("wagtailadmin_pages:edit", args=[self.home.pk])

    def test_an_editor_features_chosen_treatments_in_order(self):
        """Publishing the home page with two treatments features them in the editor's order."""
        data = home_form_data(featured=[self.sweating, self.migraine])
        response = self.client.post(self.edit_url, {**data, "action-publish": "1"})
        assert response.status_code == 302
        self.home.refresh_from_db()
        assert [page.pk for page in self.home.featured()] == [self.sweating.pk, self.migraine.pk]

    def test_unpublished_treatments_are_not_featured(self):
        """A featured treatment that is taken offline drops off the home page."""
        data = home_form_data(featured=[self.migraine, self.sweating])
        self.client.post(self.edit_url, {**data, "action-publish": "1"})
        self.sweating.unpublish()
        self.home.refresh_from_db()
        assert [page.pk for page in self.home.featured()] == [self.migraine.pk]

    def test_a_featured_treatment_id_that_is_not_an_id(self):
        """A tampered featured-treatment id is a form error, not a 500, and nothing changes."""
        data = home_form_data(featured=[self.migraine])
        data["featured_treatments-0-treatment"] = "abc"
        response = self.client.post(self.edit_url, {**data, "action-publish": "1"})
        assert response.status_code == 200
        assert response.context["form"].formsets["featured_treatments"].errors[0]["treatment"]
        assert self.home.featured_treatments.count() == 0

    def test_the_chooser_offers_only_treatment_pages(self):
        """The featured-treatment chooser is limited to treatment pages."""
        response = self.client.get(self.edit_url)
        assert response.status_code == 200
        formset = response.context["form"].formsets["featured_treatments"]
        widget = formset.empty_form.fields["treatment"].widget
        assert widget.target_models == [TreatmentPage]

    def test_an_editor_can_preview_the_home_page(self):
        """POSTing edits to the preview URL, then GETting it, shows the unsaved welcome text."""
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[self.home.pk])
        data = home_form_data(featured=[self.migraine], hero_heading="Welcome to a calmer clinic")
        response = self.client.post(preview_url, data)
        assert response.json()["is_valid"] is True
        response = self.client.get(preview_url)
        self.assertContains(response, "Welcome to a calmer clinic")
        self.assertContains(response, "Botox for chronic migraine")
        self.home.refresh_from_db()
        assert self.home.hero_heading == "Care you can trust"

"""The home page, the layout every page shares (head, header, footer) and the error pages."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.urls import path
from wagtail.models import PageViewRestriction

from home.models import HomeFeaturedTreatment
from tests.factories import ConditionFactory, ImageFactory, TreatmentPageFactory, publish_signed_off
from tests.query_budgets import queries_to_view
from tests.treatments.test_jsonld import document_of_type, json_ld_documents


def broken_view(request):
    raise ImproperlyConfigured("a deliberate failure for the 500 page test")


# Used by the 500 test through @pytest.mark.urls(__name__); the site's own URLs come after.
urlpatterns = [path("broken/", broken_view)]


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def home(home_page, clinic_settings):
    home_page.hero_text = "A friendly clinic for headaches and skin."
    home_page.search_description = "Clinic treatments explained plainly."
    publish_signed_off(home_page)
    return home_page


class TestHomePage:
    def test_welcome_is_the_only_h1(self, client, home):
        """The welcome heading is the page's single h1, with the welcome text below."""
        soup = soup_of(client.get("/"))
        assert [h1.get_text(strip=True) for h1 in soup.find_all("h1")] == ["Care you can trust"]
        assert "A friendly clinic for headaches and skin." in soup.main.get_text()

    def test_featured_treatments_in_the_editors_order_and_live_only(self, client, home, treatment_index):
        """Chosen treatments appear as cards in the chosen order; an unpublished one is left out."""
        first = TreatmentPageFactory(parent=treatment_index, title="Second alphabetically, first chosen")
        second = TreatmentPageFactory(parent=treatment_index, title="A treatment chosen second")
        hidden = TreatmentPageFactory(parent=treatment_index, title="Withdrawn treatment")
        hidden.unpublish()
        for order, treatment in enumerate([first, second, hidden]):
            HomeFeaturedTreatment.objects.create(page=home, treatment=treatment, sort_order=order)
        soup = soup_of(client.get("/"))
        section = soup.find(id="featured-heading").find_parent("section")
        titles = [title.get_text(strip=True) for title in section.select(".card__title")]
        assert titles == ["Second alphabetically, first chosen", "A treatment chosen second"]
        assert section.find("a", href=first.url)

    def test_a_private_treatment_is_not_featured(self, client, home, treatment_index):
        """A featured treatment behind a password shows neither its card nor its summary to visitors."""
        private = TreatmentPageFactory(parent=treatment_index, summary="Only for those with the password.")
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        HomeFeaturedTreatment.objects.create(page=home, treatment=private, sort_order=0)

        html = client.get("/").content.decode()

        assert private.title not in html
        assert "Only for those with the password." not in html

    def test_no_treatments_link_to_a_private_index(self, client, home, treatment_index):
        """A treatment index behind a login is not offered to visitors as 'All treatments'."""
        PageViewRestriction.objects.create(page=treatment_index, restriction_type=PageViewRestriction.LOGIN)

        html = client.get("/").content.decode()

        assert "All treatments" not in html

    def test_featured_cards_cost_no_query_each(self, client, settings, home, treatment_index):
        """Two or six featured treatments (each with a condition) render with the same queries, within budget.

        Measured with the home page's parts stored (cms/stored_parts.py): 7 on SQLite.
        Routing (4): the site, the home page as its specific type, the content
        generation's tokens, the pages on its path with their view restrictions (one
        query); the stored parts; the featured treatments' listing version; the blog
        for the latest articles (none here). The first view after a change, which
        renders every part: 17, those 7 and clinic settings, navigation, the featured
        treatments with their pages, their conditions, which of them are live and
        public (one query, cms/visibility.py), the treatment index (for 'All
        treatments'), the blog again, and the parts' storing (3 statements). The
        ceilings leave a margin of 2; a query per card would add 4 and fail.
        """
        settings.PAGE_CACHE_ENABLED = False

        def queries_with(count):
            home.featured_treatments.all().delete()
            for order in range(count):
                treatment = TreatmentPageFactory(parent=treatment_index, hero_image=ImageFactory())
                treatment.conditions.add(ConditionFactory())
                HomeFeaturedTreatment.objects.create(page=home, treatment=treatment, sort_order=order)
            return queries_to_view(client, home), queries_to_view(client, home, parts_stored=False)

        stored, rendered = queries_with(2)
        assert queries_with(6) == (stored, rendered)
        assert stored <= 9
        assert rendered <= 19

    def test_links_to_all_treatments(self, client, home, treatment_index):
        """Below the featured treatments, an 'All treatments' link leads to the treatment index."""
        treatment = TreatmentPageFactory(parent=treatment_index)
        HomeFeaturedTreatment.objects.create(page=home, treatment=treatment, sort_order=0)
        section = soup_of(client.get("/")).find(id="featured-heading").find_parent("section")
        link = section.find("a", string="All treatments")
        assert link["href"] == treatment_index.url

    def test_links_to_all_treatments_even_with_none_featured(self, client, home, treatment_index):
        """With no featured treatments, the section still offers the link (under its heading)."""
        section = soup_of(client.get("/")).find(id="featured-heading").find_parent("section")
        assert section.find("a", string="All treatments")["href"] == treatment_index.url
        assert not section.find("ul")

    def test_no_treatments_link_without_a_live_index(self, client, home, treatment_index):
        """No live treatment index (and nothing featured): no link and no empty section."""
        treatment_index.unpublish()
        soup = soup_of(client.get("/"))
        assert not soup.find("a", string="All treatments")
        assert not soup.find(id="featured-heading")

    def test_medical_clinic_structured_data(self, client, home):
        """The home page describes the clinic as a MedicalClinic from the clinic settings."""
        clinic = document_of_type(json_ld_documents(client.get("/").content), "MedicalClinic")
        assert clinic["name"] == "Harbour Lane Clinic"
        assert clinic["url"] == "http://localhost/"
        assert clinic["address"]["postalCode"] == "W1G 9PF"
        assert len(clinic["openingHoursSpecification"]) == 2


class TestLayout:
    def test_landmarks_skip_link_and_language(self, client, home):
        """One header, nav, main and footer; the skip link targets main; the language is set."""
        soup = soup_of(client.get("/"))
        assert soup.html["lang"] == "en-gb"
        assert len(soup.find_all("header", class_="site-header")) == 1
        assert len(soup.find_all("main")) == 1
        assert len(soup.find_all("footer")) == 1
        skip_link = soup.find("a", class_="skip-link")
        assert skip_link["href"] == "#main"
        assert soup.find(id="main").name == "main"
        assert soup.body.find("a") is skip_link  # the first thing a keyboard reaches

    def test_head_has_title_description_canonical_and_social_tags(self, client, home):
        """Title ends with the clinic name; description, canonical, Open Graph and Twitter tags follow."""
        soup = soup_of(client.get("/"))
        assert soup.title.string == "Home | Harbour Lane Clinic"
        assert (
            soup.find("meta", attrs={"name": "description"})["content"]
            == "Clinic treatments explained plainly."
        )
        assert soup.find("link", rel="canonical")["href"] == "http://localhost/"
        og = {tag["property"]: tag["content"] for tag in soup.find_all("meta", property=re.compile("^og:"))}
        assert og["og:title"] == "Home"
        assert og["og:url"] == "http://localhost/"
        assert og["og:type"] == "website"
        assert og["og:description"] == "Clinic treatments explained plainly."
        assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
        assert not soup.find("meta", attrs={"name": "robots"})

    def test_seo_title_and_social_image(self, client, home):
        """The SEO title wins over the title and is printed as typed, without the clinic name after it;
        the social image is an absolute URL."""
        home.seo_title = "Harbour Lane: clinic care"
        home.social_image = ImageFactory()
        publish_signed_off(home)
        soup = soup_of(client.get("/"))
        assert soup.title.string == "Harbour Lane: clinic care"
        image_url = soup.find("meta", property="og:image")["content"]
        assert image_url.startswith("http://testserver/media/images/")
        assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"

    def test_home_page_named_after_the_clinic_does_not_repeat_its_name(self, client, home):
        """A home page titled with the clinic's name has that as its whole <title>, not the name twice."""
        home.title = "Harbour Lane Clinic"
        publish_signed_off(home)
        soup = soup_of(client.get("/"))
        assert soup.title.string == "Harbour Lane Clinic"

    def test_hidden_page_asks_search_engines_not_to_index(self, client, home):
        """no_index adds a robots noindex tag."""
        home.no_index = True
        publish_signed_off(home)
        robots = soup_of(client.get("/")).find("meta", attrs={"name": "robots"})
        assert robots["content"] == "noindex"

    def test_header_has_clinic_name_phone_and_a_plain_search_form(self, client, home):
        """The search form is a labelled GET form to /search/ with a q field."""
        soup = soup_of(client.get("/"))
        header = soup.find("header", class_="site-header")
        assert "Harbour Lane Clinic" in header.get_text()
        assert header.find("a", href="tel:02079460000")
        form = header.find("form", attrs={"role": "search"})
        assert (form["action"], form["method"]) == ("/search/", "get")
        field = form.find("input", attrs={"name": "q"})
        assert form.find("label", attrs={"for": field["id"]})

    def test_primary_navigation_lists_live_menu_pages_and_marks_the_current_one(
        self, client, home, treatment_index
    ):
        """Home's live in-menu children are the nav; the section being viewed is aria-current."""
        treatment_index.show_in_menus = True
        publish_signed_off(treatment_index)
        treatment = TreatmentPageFactory(parent=treatment_index)
        nav = soup_of(client.get(treatment.url)).find("nav", attrs={"aria-label": "Main"})
        link = nav.find("a", href="/treatments/")
        assert link.get_text(strip=True) == "Treatments"
        assert link["aria-current"] == "true"
        nav_on_index = soup_of(client.get("/treatments/")).find("nav", attrs={"aria-label": "Main"})
        assert nav_on_index.find("a", href="/treatments/")["aria-current"] == "page"

    def test_footer_has_contact_details_hours_booking_and_disclaimer(self, client, home):
        """Address, phone, email, opening hours, booking link and a medical disclaimer."""
        footer = soup_of(client.get("/")).find("footer")
        text = footer.get_text(" ", strip=True)
        assert "12 Harbour Lane" in footer.address.get_text()
        assert footer.find("a", href="tel:02079460000")
        assert footer.find("a", href="mailto:hello@example.com")
        assert footer.find("a", href="https://example.com/book")
        assert "Monday to Friday 09:00 to 17:30" in text
        assert "Saturday 10:00 to 14:00" in text
        assert "does not replace medical advice" in text

    def test_no_inline_styles_or_scripts_and_only_local_css(self, client, home, treatment_index):
        """Ready for a strict Content-Security-Policy: scripts are JSON-LD data or our own files."""
        treatment = TreatmentPageFactory(parent=treatment_index, hero_image=ImageFactory())
        for url in ["/", treatment_index.url, treatment.url]:
            soup = soup_of(client.get(url))
            assert not soup.find_all(style=True), url
            assert not soup.find_all("style"), url
            for script in soup.find_all("script"):
                is_data = script.get("type") == "application/ld+json"
                assert is_data or script.get("src", "").startswith("/static/"), script
            stylesheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
            assert "/static/css/site.css" in stylesheets
            assert all(href.startswith("/static/") for href in stylesheets), stylesheets


class TestErrorPages:
    def test_not_found_page_is_friendly(self, client, home):
        """A missing page gets a 404 with a way forward: a home link and a search form."""
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.find("h1").get_text(strip=True) == "Sorry, we cannot find that page"
        assert soup.main.find("a", href="/")
        assert soup.main.find("form", attrs={"role": "search"})
        assert soup.title.string == "Page not found | Harbour Lane Clinic"

    def test_server_error_template_needs_no_context_or_database(self):
        """500.html renders with an empty context; this test has no database, so any query would fail."""
        soup = BeautifulSoup(render_to_string("500.html"), "html.parser")
        assert soup.find("h1").get_text(strip=True) == "Sorry, something went wrong on our side"
        assert soup.find("a", href="/")
        assert soup.find("form", attrs={"role": "search"})

    def test_a_request_django_cannot_read_gets_a_friendly_400(self, client, home):
        """Over 1,000 query parameters (Django's limit) is a 400 with a way forward, not a 500."""
        response = client.get("/search/?q=botox&" + "&".join(["x=1"] * 1100))
        assert response.status_code == 400
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.find("h1").get_text(strip=True) == "Sorry, we could not read that request"
        assert soup.find("form", attrs={"role": "search"})

    @pytest.mark.urls(__name__)
    def test_an_unhandled_error_shows_the_500_page(self, client, db):
        """A view that raises gives the friendly 500 page, not a traceback."""
        client.raise_request_exception = False
        response = client.get("/broken/")
        assert response.status_code == 500
        assert b"Sorry, something went wrong on our side" in response.content
        assert b"deliberate failure" not in response.content

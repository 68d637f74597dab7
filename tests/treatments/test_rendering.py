"""Treatment pages, the treatment index and every body block, as visitors receive them."""

import itertools

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from cms.blocks import OpeningHoursBlock
from tests.factories import (
    ClinicianFactory,
    ConditionFactory,
    ImageFactory,
    TreatmentPageFactory,
    full_body,
    preview_body,
    publish_signed_off,
)
from treatments.blocks import TreatmentBodyBlock


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def treatment(treatment_index, clinic_settings):
    """A published treatment holding every block (``preview_body``), a hero image, conditions and tags."""
    page = TreatmentPageFactory(
        parent=treatment_index,
        title="Botox for chronic migraine",
        summary="Injections that may reduce headache days; your provider will say if it suits you.",
        hero_image=ImageFactory(),  # also the image block's picture: it previews the newest image
        body=preview_body(TreatmentBodyBlock()),
        reviewed_by=ClinicianFactory(name="Dr Amara Okafor", credentials="MBBS, MRCP"),
    )
    page.conditions.add(ConditionFactory(name="Chronic migraine", slug="chronic-migraine"))
    page.tags.add("migraine", "injections")
    publish_signed_off(page)
    return page


def booking_prompts(response):
    """The booking buttons in the page's main content."""
    main = soup_of(response).find("main")
    return [link for link in main.select("a.button") if link.get_text(strip=True) == "Book a consultation"]


class TestBlockTemplates:
    @pytest.mark.parametrize("name", list(TreatmentBodyBlock().child_blocks))
    def test_every_body_block_renders_its_preview_value(self, db, name):
        """Each block's preview value renders through its own template to visible text."""
        ImageFactory()  # the image block previews the newest image in the library
        block = TreatmentBodyBlock().child_blocks[name]
        html = block.render(block.get_preview_value())
        soup = BeautifulSoup(html, "html.parser")
        assert soup.get_text(strip=True), f"{name} rendered no text"
        assert block.meta.template.startswith("components/blocks/")

    def test_opening_hours_row_renders_a_readable_day_range(self):
        """Consecutive days collapse to 'Monday to Friday'; the times follow."""
        block = OpeningHoursBlock()
        value = block.to_python(
            {
                "days": ["Wednesday", "Monday", "Tuesday", "Thursday", "Friday"],
                "opens": "09:00",
                "closes": "17:30",
            }
        )
        html = block.render(value)
        assert "Monday to Friday" in html
        assert "09:00" in html and "17:30" in html

    def test_opening_hours_scattered_days_are_listed(self):
        """Days that are not a run are listed one by one, in week order."""
        value = OpeningHoursBlock().to_python(
            {"days": ["Saturday", "Monday"], "opens": "10:00", "closes": "12:00"}
        )
        assert value.days_text() == "Monday, Saturday"

    def test_admin_block_preview_uses_the_site_css(self, admin_client):
        """The block picker's preview renders the block inside a page styled by the site stylesheet."""
        block = TreatmentBodyBlock().child_blocks["frequency"]
        response = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
        soup = soup_of(response)
        assert soup.find("link", rel="stylesheet", href="/static/css/site.css")
        assert "Every 3 to 6 months" in soup.get_text()


class TestTreatmentPage:
    def test_page_has_one_h1_and_ordered_headings(self, client, treatment):
        """Exactly one h1, and no heading skips a level on the way down."""
        soup = soup_of(client.get(treatment.url))
        levels = [int(tag.name[1]) for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        assert levels[0] == 1
        assert levels.count(1) == 1
        assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels)), levels
        assert soup.find("h1").get_text(strip=True) == "Botox for chronic migraine"

    def test_every_text_of_every_block_is_rendered(self, client, treatment_index, clinic_settings):
        """Structured sections and general blocks all appear, every text they hold included."""
        words = []

        def word(path):
            words.append("-".join(map(str, path)))
            return words[-1]

        ImageFactory()
        page = TreatmentPageFactory(
            parent=treatment_index, body=preview_body(TreatmentBodyBlock(), text=word)
        )
        text = soup_of(client.get(page.url)).get_text(" ", strip=True)
        assert [word for word in words if word not in text] == []

    def test_empty_optional_parts_are_left_out(self, client, treatment_index, clinic_settings):
        """How it works without steps and How often without "results last" print no empty headings."""
        body = full_body()
        body[0]["value"]["steps"] = []
        body[1]["value"]["results_last"] = ""
        page = TreatmentPageFactory(parent=treatment_index, body=body)
        soup = soup_of(client.get(page.url))
        assert "Small injections relax the muscles involved." in soup.get_text()
        assert "What happens" not in soup.get_text()
        assert not soup.select(".steps")
        frequency = soup.select_one(".section--frequency").get_text(" ", strip=True)
        assert "Every 3 to 6 months" in frequency
        assert "Results usually last" not in frequency

    def test_general_blocks_render_their_parts(self, client, treatment):
        """The callout is a note, the call to action a button to its destination, the figure captioned."""
        soup = soup_of(client.get(treatment.url))
        assert soup.select_one(".callout--ask-provider")["role"] == "note"
        assert soup.select_one(".cta a.button")["href"] == "https://example.com/book"
        assert "A short caption sits below the image." in soup.select_one("figure.figure").get_text()

    def test_images_are_responsive_lazy_webp_with_alt_text(self, client, treatment):
        """Body images load lazily from WebP renditions with size hints and the image's alt text.

        (The test image is smaller than every width asked for, so it has one source and no
        ``srcset``: tests/cms/test_responsive_images.py covers the sizes.)
        """
        soup = soup_of(client.get(treatment.url))
        figure_img = soup.select_one("figure.figure img")
        assert figure_img["loading"] == "lazy"
        assert figure_img["decoding"] == "async"
        assert figure_img["width"] and figure_img["height"]
        assert figure_img["src"].endswith(".webp")
        assert figure_img["alt"].startswith("Photo ")
        hero_img = soup.select_one(".hero-image img")
        assert "loading" not in hero_img.attrs  # the first image on screen loads at once
        assert hero_img["alt"]

    def test_table_of_contents_links_to_each_section(self, client, treatment):
        """Every contents link targets a section with that id, labelled by its h2."""
        soup = soup_of(client.get(treatment.url))
        toc = soup.find("nav", attrs={"aria-label": "On this page"})
        anchors = [link["href"].removeprefix("#") for link in toc.find_all("a")]
        assert anchors == [anchor for anchor, _heading in treatment.table_of_contents]
        assert len(anchors) == 5
        for anchor in anchors:
            section = soup.find("section", id=anchor)
            assert section is not None, anchor
            heading = soup.find(id=section["aria-labelledby"])
            assert heading.name == "h2"

    def test_faq_is_a_disclosure_that_works_without_javascript(self, client, treatment):
        """Each question is the <summary> of a <details>, with the answer in its body."""
        soup = soup_of(client.get(treatment.url))
        details = soup.select("section#frequently-asked-questions details")
        assert len(details) == 2
        first = details[0]
        assert first.summary.get_text(strip=True) == "Does it hurt?"
        assert "Most people describe a brief sting" in first.get_text()
        assert "brief sting" not in first.summary.get_text()

    def test_faq_answer_links_to_pages_are_expanded(self, client, treatment_index, clinic_settings):
        """Page links inside FAQ answers become real URLs."""
        body = full_body(faq_count=2)
        for item in body[-1]["value"]["items"]:
            item["answer"] = f'<p>See <a linktype="page" id="{treatment_index.pk}">all treatments</a>.</p>'
        page = TreatmentPageFactory(parent=treatment_index, body=body)
        soup = soup_of(client.get(page.url))
        links = soup.select("details .faq__answer a")
        assert [link["href"] for link in links] == ["/treatments/", "/treatments/"]

    def test_review_line_names_the_clinician_and_date(self, client, treatment):
        """A current review says who reviewed the page and when."""
        soup = soup_of(client.get(treatment.url))
        review = soup.select_one(".review").get_text(" ", strip=True)
        date = treatment.last_reviewed
        assert f"Medically reviewed by Dr Amara Okafor, MBBS, MRCP on {date.day} {date:%B %Y}" in review
        assert soup.select_one(".review time")["datetime"] == date.isoformat()

    def test_overdue_review_does_not_claim_a_fresh_review(self, client, treatment):
        """Once the next review date has passed, the page says the review is due instead."""
        today = timezone.localdate()
        treatment.last_reviewed = today - timezone.timedelta(days=400)
        treatment.next_review_due = today - timezone.timedelta(days=35)
        publish_signed_off(treatment)
        text = soup_of(client.get(treatment.url)).select_one(".review").get_text(" ", strip=True)
        assert "Review due" in text
        assert "Medically reviewed by" not in text

    def test_unreviewed_page_says_so(self, client, treatment_index, clinic_settings):
        """Without a reviewer the page admits it awaits medical review."""
        page = TreatmentPageFactory(parent=treatment_index, reviewed_by=None, last_reviewed=None)
        text = soup_of(client.get(page.url)).select_one(".review").get_text(" ", strip=True)
        assert "awaiting medical review" in text

    def test_conditions_link_to_the_filtered_index_and_tags_are_listed(self, client, treatment):
        """Conditions lead to the index filtered by them; tags are shown as topics."""
        soup = soup_of(client.get(treatment.url))
        condition_link = soup.select_one(".page-header a.chip")
        assert condition_link["href"] == "/treatments/?condition=chronic-migraine"
        assert condition_link.get_text(strip=True) == "Chronic migraine"
        topics = soup.find(id="tags-heading").find_parent("section").get_text(" ", strip=True)
        assert "migraine" in topics and "injections" in topics

    def test_booking_call_to_action_comes_from_clinic_settings(
        self, client, treatment_index, clinic_settings
    ):
        """Without a call to action of the editor's, the page ends with the clinic's booking box."""
        page = TreatmentPageFactory(parent=treatment_index, body=full_body())
        soup = soup_of(client.get(page.url))
        cta = soup.find(id="booking-heading").find_parent("section")
        assert cta.find("a", href="https://example.com/book")
        assert cta.find("a", href="tel:02079460000")

    def test_a_call_to_action_in_the_body_is_the_one_booking_prompt(self, client, treatment):
        """The editor's call to action takes the place of the clinic's box: one booking prompt, not two."""
        response = client.get(treatment.url)
        assert len(booking_prompts(response)) == 1
        assert soup_of(response).find(id="booking-heading") is None

    def test_the_footer_repeats_no_booking_button_below_the_pages_own(
        self, client, treatment_index, clinic_settings
    ):
        """Whichever prompt ends the page, the whole page holds one "Book a consultation" button."""
        page = TreatmentPageFactory(parent=treatment_index, body=full_body())
        soup = soup_of(client.get(page.url))
        buttons = [
            link for link in soup.select("a.button") if link.get_text(strip=True) == "Book a consultation"
        ]
        assert len(buttons) == 1
        assert soup.find("footer").find("a", href="tel:02079460000")  # the footer still gives the phone

    def test_a_call_to_action_without_a_live_destination_keeps_the_clinics_box(
        self, client, treatment_index, clinic_settings
    ):
        """A call to action pointing at a draft shows no button, so the clinic's booking box stays."""
        draft = TreatmentPageFactory(parent=treatment_index, live=False)
        cta = {
            "type": "cta",
            "value": {"heading": "Read on", "button_label": "Book a consultation", "page": draft.pk},
        }
        page = TreatmentPageFactory(parent=treatment_index, body=[*full_body(), cta])
        response = client.get(page.url)
        assert len(booking_prompts(response)) == 1
        assert soup_of(response).find(id="booking-heading")

    def test_breadcrumbs_run_from_home_to_the_page(self, client, treatment):
        """The trail skips Wagtail's root and marks the current page."""
        soup = soup_of(client.get(treatment.url))
        crumbs = soup.find("nav", attrs={"aria-label": "Breadcrumb"}).select("ol li a")
        assert [crumb.get_text(strip=True) for crumb in crumbs] == ["Home", "Treatments", treatment.title]
        assert crumbs[-1]["aria-current"] == "page"


class TestTreatmentIndexPage:
    @pytest.fixture
    def treatments(self, treatment_index, clinic_settings):
        migraine = ConditionFactory(name="Chronic migraine", slug="chronic-migraine")
        lines = ConditionFactory(name="Frown lines", slug="frown-lines")
        botox = TreatmentPageFactory(parent=treatment_index, title="Botox for migraine", category="medical")
        botox.conditions.add(migraine)
        fillers = TreatmentPageFactory(
            parent=treatment_index, title="Anti-wrinkle injections", category="aesthetic"
        )
        fillers.conditions.add(lines)
        for page in (botox, fillers):
            publish_signed_off(page)
        draft = TreatmentPageFactory(parent=treatment_index, title="Not yet published")
        draft.unpublish()
        return botox, fillers

    @staticmethod
    def titles(soup):
        return [title.get_text(strip=True) for title in soup.select(".card__title")]

    def test_lists_live_treatments_with_summary_and_conditions(self, client, treatment_index, treatments):
        """Every live treatment appears with its summary and condition; drafts do not."""
        soup = soup_of(client.get(treatment_index.url))
        assert self.titles(soup) == ["Anti-wrinkle injections", "Botox for migraine"]
        card = soup.select(".card")[1]
        assert "A treatment your provider may suggest." in card.get_text()
        assert card.find("a", href="/treatments/?condition=chronic-migraine")
        assert soup.find("h1").get_text(strip=True) == "Treatments"

    def test_filters_by_condition_and_marks_the_choice(self, client, treatment_index, treatments):
        """?condition= narrows the list and its filter link carries aria-current."""
        soup = soup_of(client.get(treatment_index.url, {"condition": "frown-lines"}))
        assert self.titles(soup) == ["Anti-wrinkle injections"]
        current = soup.select(".filters [aria-current]")
        assert [link.get_text(strip=True) for link in current] == ["Frown lines", "All categories"]

    def test_filters_by_category_and_keeps_the_other_filter(self, client, treatment_index, treatments):
        """?category= narrows the list; condition links keep the chosen category."""
        soup = soup_of(client.get(treatment_index.url, {"category": "medical"}))
        assert self.titles(soup) == ["Botox for migraine"]
        current = soup.select(".filters [aria-current]")
        assert [link.get_text(strip=True) for link in current] == ["All conditions", "Medical"]
        assert soup.find("a", href="/treatments/?category=medical&condition=chronic-migraine")

    @pytest.mark.parametrize("query", [{"condition": "no-such-thing"}, {"category": "no-such-thing"}])
    def test_unknown_filter_value_is_not_found(self, client, treatment_index, treatments, query):
        """An unknown condition or category is a 404 page, not a 500 or an empty list."""
        response = client.get(treatment_index.url, query)
        assert response.status_code == 404
        assert b"Sorry, we cannot find that page" in response.content

    def test_empty_result_says_what_to_do_next(self, client, treatment_index, treatments):
        """A filter matching nothing offers all treatments, search and contact."""
        soup = soup_of(client.get(treatment_index.url, {"category": "wellbeing"}))
        empty = soup.select_one(".empty-state")
        assert "No treatments match" in empty.get_text()
        assert empty.find("a", href="/treatments/")
        assert empty.find("form", attrs={"role": "search"})

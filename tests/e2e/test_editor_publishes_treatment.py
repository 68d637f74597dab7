"""An editor builds, previews and publishes a treatment page in the real Wagtail admin."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cms.models import User
from tests.e2e.admin import add_block, fill_list, list_item, sign_in, type_rich_text
from tests.factories import ClinicianFactory
from treatments.models import TreatmentPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Botox for chronic migraine"
PASSWORD = "a-long-and-unusual-passphrase"


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("editor", "editor@example.com", PASSWORD)


@pytest.fixture
def reviewer(db):
    return ClinicianFactory(name="Dr Ada Reviewer")


def fill_how_it_works(page):
    block = add_block(page, "body", "How it works")
    type_rich_text(page, f"{block}-intro", "Small injections relax the muscles involved in headaches.")
    step = list_item(page, f"{block}-steps", 0)
    page.locator(f"[name='{step}-title']").fill("Consultation")
    page.locator(f"[name='{step}-description']").fill("Your provider asks about them.")
    step = list_item(page, f"{block}-steps", 1)
    page.locator(f"[name='{step}-title']").fill("Injections")
    page.locator(f"[name='{step}-description']").fill("A series of small injections, about 20 minutes.")
    fill_list(page, f"{block}-treatment_areas", ["Forehead", "Temples", "Back of the head", "Neck"])


def fill_frequency(page):
    block = add_block(page, "body", "How often")
    page.locator(f"[name='{block}-initial_course']").fill("Two sessions, 12 weeks apart")
    page.locator(f"[name='{block}-interval_min']").fill("3")
    page.locator(f"[name='{block}-interval_max']").fill("6")
    page.locator(f"[name='{block}-interval_unit']").select_option("months")
    page.locator(f"[name='{block}-results_last']").fill("Around three months for most people")


def fill_candidacy(page):
    block = add_block(page, "body", "Who it is for")
    fill_list(page, f"{block}-suitable_for", ["Adults with 15 or more headache days a month"])
    fill_list(page, f"{block}-not_suitable_for", ["People who are unwell on the day"])
    fill_list(page, f"{block}-usually_tried_first", ["Preventive tablets", "Triptans"])


def fill_faq(page):
    block = add_block(page, "body", "Questions and answers")
    item = list_item(page, f"{block}-items", 0)
    page.locator(f"[name='{item}-question']").fill("Do the injections hurt?")
    type_rich_text(page, f"{item}-answer", "Most feel a brief sting. Ask your provider.")
    item = list_item(page, f"{block}-items", 1)
    page.locator(f"[name='{item}-question']").fill("How soon will it work?")
    type_rich_text(page, f"{item}-answer", "Often within a few weeks.")


def fill_medical_review(page, clinician_name):
    page.get_by_role("button", name="Choose clinician").click()
    page.get_by_role("dialog").get_by_role("link", name=clinician_name).click()
    reviewed = timezone.localdate()
    page.locator("#id_last_reviewed").fill(reviewed.isoformat())
    page.locator("#id_last_reviewed").press("Tab")
    page.locator("#id_next_review_due").fill((reviewed + datetime.timedelta(days=365)).isoformat())
    page.locator("#id_next_review_due").press("Tab")


def test_editor_creates_previews_and_publishes_a_treatment(
    page, editor, reviewer, treatment_index, live_requests
):
    """An editor signs in, adds a treatment under the treatment index with how-it-works, frequency,
    candidacy and FAQ blocks, sees it in the preview panel, publishes it, and the page is live."""
    sign_in(page, "editor", PASSWORD)
    page.goto(f"/admin/pages/{treatment_index.pk}/")
    page.get_by_role("link", name="Add child page").click()
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Injections that may mean fewer headache days with chronic migraine.")
    fill_how_it_works(page)
    fill_frequency(page)
    fill_candidacy(page)
    fill_faq(page)
    fill_medical_review(page, reviewer.name)

    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(preview.get_by_text("every 3 to 6 months")).to_be_visible()
    expect(preview.get_by_text("Do the injections hurt?")).to_be_visible()

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    # Wagtail 8 autosaves the new page as a draft while the editor works, so publishing
    # reports "has been published", or "created and published" if it beat the autosave.
    published = re.compile(rf"Page '{re.escape(TITLE)}' (has been|created and) published\.")
    expect(page.get_by_text(published)).to_be_visible()

    live_requests.wait_until_idle()
    treatment = TreatmentPage.objects.get(title=TITLE)
    assert treatment.live
    assert treatment.get_parent().pk == treatment_index.pk
    assert [block.block_type for block in treatment.body] == ["how_it_works", "frequency", "candidacy", "faq"]
    assert [item["question"] for item in treatment.faq_items()] == [
        "Do the injections hurt?",
        "How soon will it work?",
    ]

    page.goto(treatment.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Adults with 15 or more headache days a month")).to_be_visible()

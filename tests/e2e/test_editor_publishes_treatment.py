"""An editor builds and previews a treatment page in the real Wagtail admin and submits it for sign-off."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cms.models import User
from tests.e2e.admin import add_block, fill_list, list_item, sign_in, type_rich_text
from treatments.models import TreatmentPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Botox for chronic migraine"
PASSWORD = "a-long-and-unusual-passphrase"


@pytest.fixture
def editor(db):
    """A member of the Editors group (cms/migrations/0008_groups.py), not a superuser."""
    user = User.objects.create_user("editor", "editor@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


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


def test_editor_creates_previews_and_submits_a_treatment_for_sign_off(
    page, editor, treatment_index, live_requests
):
    """An editor signs in, adds a treatment under the treatment index with how-it-works, frequency,
    candidacy and FAQ blocks, sees it in the preview panel and submits it: it is not live, and
    waits at the workflow's Medical sign-off step (the editor cannot publish medical content)."""
    sign_in(page, "editor", PASSWORD)
    page.goto(f"/admin/pages/{treatment_index.pk}/")
    page.get_by_role("link", name="Add child page").click()
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Injections that may mean fewer headache days with chronic migraine.")
    fill_how_it_works(page)
    fill_frequency(page)
    fill_candidacy(page)
    fill_faq(page)

    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(preview.get_by_text("every 3 to 6 months")).to_be_visible()
    expect(preview.get_by_text("Do the injections hurt?")).to_be_visible()

    # Wagtail 8 autosaves the new page as a draft while the editor works. A submit sent
    # while that first autosave is still creating the page would create it a second time
    # (its slug then taken), so the editor submits once the indicator says it is saved.
    expect(page.locator("#w-autosave-indicator")).to_have_attribute("data-w-autosave-state-value", "saved")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Medical sign-off and editors' approval").click()
    submitted = re.compile(rf"Page '{re.escape(TITLE)}' (has been|created and) submitted for moderation\.")
    expect(page.get_by_text(submitted)).to_be_visible()

    live_requests.wait_until_idle()
    treatment = TreatmentPage.objects.get(title=TITLE)
    assert not treatment.live
    assert treatment.current_workflow_task.name == "Medical sign-off"
    assert treatment.get_parent().pk == treatment_index.pk
    draft = treatment.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == ["how_it_works", "frequency", "candidacy", "faq"]
    assert [item["question"] for item in draft.faq_items()] == [
        "Do the injections hurt?",
        "How soon will it work?",
    ]
    public = page.request.get(f"{treatment_index.url}{treatment.slug}/")
    assert public.status == 404

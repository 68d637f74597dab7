"""SEO staff fix a too-long description and publish it themselves, without a workflow; an Editor
reviewing the page's history sees that change alone. The bulk SEO editor, opened as SEO staff."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.admin import PASSWORD, sign_in, staff_member
from tests.e2e.axe import describe, serious_violations
from tests.e2e.content import publish
from treatments.models import TreatmentPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TOO_LONG = ("Botox injections for chronic migraine at Harbour Lane Clinic in London. " * 3)[:200]
FITS = "Botox for chronic migraine: how the injections work, how often, who they suit and the risks."


@pytest.fixture
def seo_staff(db):
    """A member of "SEO staff": no page publish permission, but ``cms.publish_seo_changes``."""
    return staff_member("seo", "SEO staff")


@pytest.fixture
def editor(db):
    return staff_member("editor", "Editors")


def as_the_admin_stores_it(body):
    """Stream data as a save through the page editor leaves it: list items with ids, in the new format."""
    return [{"type": child.block_type, "value": child.block.get_prep_value(child.value)} for child in body]


@pytest.fixture
def treatment(public_site):
    """The site's live, signed-off treatment, with a search description too long for search results.

    Its body is stored as the page editor stores it. The factories and the demo loader store
    list items in the older plain format; both read alike (``test_..._from_the_demo_loader``).
    """
    return with_long_description(public_site.treatment, as_the_admin_stores_it(public_site.treatment.body))


@pytest.fixture
def loaded_treatment(public_site):
    """The same treatment with its body as the factories and the demo loader store it."""
    return with_long_description(public_site.treatment, public_site.treatment.body.raw_data)


def with_long_description(treatment, body):
    treatment.search_description = TOO_LONG
    treatment.body = body
    publish(treatment)
    return TreatmentPage.objects.get(pk=treatment.pk)


def counter(page, name):
    return page.locator(f"[data-controller='seo-snippet'] [data-seo-snippet-target='{name}']")


def meta_description(page, url):
    page.goto(url)
    return page.locator("meta[name='description']").get_attribute("content")


#: True once the page's CSS transitions have finished: half-way through fading in, a message's
#: colours are too faint for axe (the help menu's badge keeps pinging for 25 s; it is not waited for).
TRANSITIONS_DONE = """() => document.getAnimations().every(
    animation => !(animation instanceof CSSTransition) || animation.playState === "finished"
)"""


def assert_accessible(page):
    page.wait_for_function(TRANSITIONS_DONE)
    violations = serious_violations(page)
    assert not violations, f"{page.url}:\n{describe(violations)}"


def publish_a_shorter_description(page, treatment):
    """As SEO staff: the description counter reads too long, then fits once shortened; press Publish."""
    sign_in(page, "seo", PASSWORD)
    page.goto(f"/admin/pages/{treatment.pk}/edit/")
    page.get_by_role("tab", name="Promote").click()
    description_count = counter(page, "descriptionCount")
    expect(description_count).to_have_text("200 / 160 characters: too long")
    expect(description_count).to_have_attribute("data-state", "too-long")

    page.locator("[name='search_description']").fill(FITS)

    expect(description_count).to_have_text(f"{len(FITS)} / 160 characters: fits")
    expect(description_count).to_have_attribute("data-state", "ok")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("“Botox for chronic migraine” has been published.")).to_be_visible()


def test_seo_staff_shorten_a_description_publish_it_and_an_editor_sees_only_that_change(
    page, browser, live_server, live_requests, seo_staff, editor, treatment, console_errors
):
    """The counter reads too long, then fits; Publish puts the page live at once with the new
    description, its review line kept; the Editor's "Compare with previous version" lists the
    description alone, not the body nor the tags."""
    sign_offs = treatment.sign_offs.count()
    review_line = (treatment.reviewed_by_id, treatment.last_reviewed, treatment.next_review_due)
    assert meta_description(page, treatment.url) == TOO_LONG

    publish_a_shorter_description(page, treatment)
    live_requests.wait_until_idle()

    published = TreatmentPage.objects.get(pk=treatment.pk)
    assert published.live and not published.has_unpublished_changes
    assert published.search_description == FITS
    assert not published.workflow_states.exists(), "no workflow was needed"
    assert (published.reviewed_by_id, published.last_reviewed, published.next_review_due) == review_line
    assert published.sign_offs.count() == sign_offs, "no new sign-off was needed"
    assert meta_description(page, treatment.url) == FITS
    expect(page.get_by_text("Medically reviewed by")).to_be_visible()
    assert not console_errors

    editors_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        editors_page = editors_context.new_page()
        sign_in(editors_page, "editor", PASSWORD)
        editors_page.goto(f"/admin/pages/{treatment.pk}/history/")
        # SEO staff's Publish saves their draft, then publishes it: the draft's entry has the actions.
        edit_entry = editors_page.get_by_role("row").filter(has_text="Draft saved").filter(has_text="seo")
        edit_entry.get_by_role("button", name="Actions").click()
        edit_entry.get_by_role("link", name="Compare with previous version").click()

        expect(editors_page).to_have_title(re.compile("^Compare: Botox for chronic migraine"))
        changed = editors_page.locator("table.listing tbody tr td.title")
        expect(changed).to_have_count(1)
        expect(changed).to_have_text(re.compile(r"^\s*Meta description:?\s*$"))
        comparison = editors_page.locator("table.listing tbody tr td.comparison")
        expect(comparison.locator(".addition", has_text="who they suit and the risks")).to_have_count(1)
        expect(comparison.locator(".deletion", has_text="at Harbour Lane Clinic")).to_have_count(1)
        assert_accessible(editors_page)
    finally:
        editors_context.close()


def test_seo_staff_publish_a_description_on_a_treatment_from_the_demo_loader(
    page, seo_staff, loaded_treatment
):
    """The same Publish, on a treatment whose body has never been saved through the page editor."""
    publish_a_shorter_description(page, loaded_treatment)


def test_seo_staff_fix_descriptions_in_the_bulk_seo_editor(page, live_requests, seo_staff, treatment):
    """Reports > Bulk SEO editor lists the treatment as too long; a shorter description published from the
    table fits; an invalid canonical address is an error on its row. axe finds nothing serious in
    the table, in either state."""
    sign_in(page, "seo", PASSWORD)
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Bulk SEO editor").click()
    expect(page).to_have_title(re.compile("^Bulk SEO editor"))
    row = page.locator(f"tr#page-{treatment.pk}")
    expect(row).to_contain_text("Shown: 200 characters of 160")
    expect(row).to_contain_text("Description too long: 200 characters")
    assert_accessible(page)

    page.get_by_label("Problem").select_option(label="Descriptions over 160 characters")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("tr[id^=page-]")).to_have_count(1)
    row.get_by_label("Search description of “Botox for chronic migraine”").fill(FITS)
    row.get_by_label("Canonical URL of “Botox for chronic migraine”").fill("not an address")
    page.get_by_role("button", name="Save and publish changed pages").click()

    expect(row).to_contain_text("Enter a valid URL.")
    expect(page.get_by_text("1 page was not saved")).to_be_visible()
    expect(row.get_by_label("Search description of “Botox for chronic migraine”")).to_have_value(FITS)
    live_requests.wait_until_idle()
    assert TreatmentPage.objects.get(pk=treatment.pk).search_description == TOO_LONG
    assert_accessible(page)

    row.get_by_label("Canonical URL of “Botox for chronic migraine”").fill("")
    page.get_by_role("button", name="Save and publish changed pages").click()

    expect(page.get_by_text("Published: “Botox for chronic migraine”.")).to_be_visible()
    expect(page.get_by_text("No live page matches these filters.")).to_be_visible()
    live_requests.wait_until_idle()
    published = TreatmentPage.objects.get(pk=treatment.pk)
    assert published.search_description == FITS
    assert not published.has_unpublished_changes
    page.get_by_label("Problem").select_option(label="Any or none")
    page.get_by_role("button", name="Show").click()
    expect(row).to_contain_text(f"Shown: {len(FITS)} characters of 160")
    assert_accessible(page)

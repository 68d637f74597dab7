"""A medical change goes live only after the clinician signs it off and the editors approve it.

The whole journey in the real admin, with each person signed in as themselves: an
editor changes a live treatment and submits it, the clinician sees what changed and
signs it off, an editor approves it, and visitors see the new content with the
clinician's review.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from signoff.models import SignOff
from signoff.records import latest_next_review_due
from tests.e2e.admin import PASSWORD, sign_in, staff_member
from tests.e2e.axe import describe, serious_violations
from tests.factories import ClinicianFactory, TreatmentPageFactory
from tests.team.pages import add_team_page
from treatments.models import TreatmentPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Botox for chronic migraine"
WORKFLOW = "Medical sign-off and editors' approval"
#: axe rules Wagtail's own markup breaks, the same in its "Approve with comment" modal (Wagtail 8.0.1):
#: its modal dialogs have no accessible name.
WAGTAILS_OWN = {"aria-dialog-name"}
COMMENT = "Four months is the shortest interval we now advise; checked against current guidance."


@pytest.fixture
def editor(db):
    """An Editors member, not a superuser (cms/migrations/0008_groups.py)."""
    return staff_member("editor", "Editors")


@pytest.fixture
def marsh(home_page, clinic_settings):
    """Dr Marsh, with her own account in "Medical reviewers" and a profile on the live team page."""
    add_team_page(home_page)
    clinician = ClinicianFactory(name="Dr Eleanor Marsh")
    clinician.user = staff_member("marsh", "Medical reviewers")
    clinician.save()
    return clinician


@pytest.fixture
def treatment(treatment_index):
    """The live treatment, signed off by the loader, seen every 3 to 6 months (tests.factories.full_body)."""
    return TreatmentPageFactory(parent=treatment_index, title=TITLE, slug="botox-for-chronic-migraine")


def switch_user(page, username):
    page.context.clear_cookies()
    sign_in(page, username, PASSWORD)


def workflow_actions(page):
    """The workflow action buttons on the page, shown or folded into a menu."""
    return page.locator("[data-workflow-action-url]")


def edit_url(treatment):
    return f"/admin/pages/{treatment.pk}/edit/"


def open_sign_off_from_the_dashboard(page):
    """The "Sign off" action of the page's row in "Awaiting your review"."""
    row = page.get_by_role("region", name="Awaiting your review").get_by_role("row").filter(has_text=TITLE)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Sign off", exact=True).click()


def open_sign_off_from_the_editor(page):
    """The page opened from "Awaiting your review", then "Sign off" in the editor's action menu."""
    page.get_by_role("region", name="Awaiting your review").get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Sign off", exact=True).click()


@pytest.mark.parametrize(
    "open_sign_off",
    [open_sign_off_from_the_dashboard, open_sign_off_from_the_editor],
    ids=["from the dashboard", "from the editor"],
)
def test_clinician_signs_off_a_changed_interval_and_it_goes_live_with_her_review(
    page, editor, marsh, treatment, live_requests, open_sign_off
):
    """An editor changes the interval from 3 to 4 months and submits it, and cannot sign it off;
    Dr Marsh finds it awaiting her review, sees the changed frequency, signs it off with a comment;
    an editor approves it; the public page shows the new interval and "Medically reviewed by
    Dr Eleanor Marsh" today, linked to her profile."""
    public_url = treatment.url
    sign_in(page, "editor", PASSWORD)
    page.goto(edit_url(treatment))
    interval = page.locator("[name='body-1-value-interval_min']")
    expect(interval).to_have_value("3")
    interval.fill("4")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=f"Submit to {WORKFLOW}").click()
    expect(page.get_by_text(f"Page '{TITLE}' has been submitted for moderation.")).to_be_visible()

    # No sign-off is offered to the editor: on the edit page, the dashboard or the page's sign-off.
    page.goto(edit_url(treatment))
    expect(
        page.get_by_text(f"This page is awaiting 'Medical sign-off' in the '{WORKFLOW}' workflow.")
    ).to_be_visible()
    expect(workflow_actions(page)).to_have_count(0)
    page.goto("/admin/")
    expect(workflow_actions(page)).to_have_count(0)
    page.goto(f"/admin/pages/{treatment.pk}/medical-sign-off/")
    expect(
        page.get_by_text("Only a clinician, signed in with the account linked to their profile")
    ).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Sign off"))).to_have_count(0)

    switch_user(page, "marsh")
    open_sign_off(page)

    modal = page.get_by_role("dialog")
    expect(modal.get_by_role("heading", name="Medical content since the last sign-off")).to_be_visible()
    changed = modal.locator("[data-changed]")
    expect(changed).to_have_count(1)
    expect(changed.get_by_role("heading")).to_have_text("Body: How often")
    expect(changed.locator(".deletion")).to_have_text(["3"])
    expect(changed.locator(".addition")).to_have_text(["4"])
    expect(modal.get_by_label("Next review due")).not_to_have_value("")
    modal.get_by_label("Comment").fill(COMMENT)
    modal.get_by_role("button", name="Sign off").click()
    expect(modal).to_be_hidden()

    live_requests.wait_until_idle()
    sign_off = SignOff.objects.get(page=treatment, source=SignOff.CLINICIAN)
    assert (sign_off.clinician, sign_off.user.username, sign_off.comment) == (marsh, "marsh", COMMENT)
    waiting = TreatmentPage.objects.get(pk=treatment.pk)
    assert waiting.current_workflow_task.name == "Editors' approval"
    page.goto(public_url)
    expect(page.get_by_text("every 3 to 6 months")).to_be_visible()

    switch_user(page, "editor")
    page.goto(edit_url(treatment))
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(page.get_by_text(f"Page '{TITLE}' has been updated.")).to_be_visible()

    live_requests.wait_until_idle()
    published = TreatmentPage.objects.get(pk=treatment.pk)
    assert published.current_workflow_state is None
    assert not published.has_unpublished_changes
    page.context.clear_cookies()
    page.goto(public_url)
    expect(page.get_by_text("every 4 to 6 months")).to_be_visible()
    review = page.locator(".review")
    today = timezone.localdate()
    expect(review).to_have_text(
        re.compile(rf"Medically reviewed by Dr Eleanor Marsh, MBBS, MRCP on {today:%-d %B %Y}\s*$")
    )
    expect(review.get_by_role("link", name=re.compile("^Dr Eleanor Marsh"))).to_have_attribute(
        "href", "/team/eleanor-marsh/"
    )


def submit_interval_change(treatment, user):
    """The change the editor makes above (interval 3 to 4 months), submitted to the workflow."""
    body = treatment.body.raw_data
    body[1]["value"]["interval_min"] = 4
    treatment.body = body
    treatment.save_revision(user=user)
    treatment.get_workflow().start(treatment, user)


def sign_off_report(page, treatment):
    page.goto("/admin/reports/medical-sign-off/")
    expect(
        page.get_by_role("heading", name=re.compile("^Live without a clinician's sign-off"))
    ).to_be_visible()


def page_sign_off(page, treatment):
    page.goto(f"/admin/pages/{treatment.pk}/medical-sign-off/")
    expect(page.get_by_role("button", name=re.compile("^Sign off as Dr Eleanor Marsh"))).to_be_visible()


def sign_off_modal(page, treatment):
    page.goto("/admin/")
    open_sign_off_from_the_dashboard(page)
    heading = page.get_by_role("dialog").get_by_role(
        "heading", name="Medical content since the last sign-off"
    )
    expect(heading).to_be_visible()
    # Checked while it still fades in, the modal's text reads as too faint for its background.
    page.locator(".modal").evaluate("modal => Promise.all(modal.getAnimations().map(fade => fade.finished))")


@pytest.mark.parametrize(
    "open_screen",
    [
        sign_off_report,
        page_sign_off,
        sign_off_modal,
    ],
    ids=["report", "page sign-off", "sign-off modal"],
)
def test_sign_off_screens_have_no_serious_accessibility_violations(
    page, editor, marsh, treatment, open_screen
):
    """axe-core finds nothing serious or critical on the sign-off report, a page's sign-off and the
    sign-off modal, as the clinician sees them with a change waiting for her."""
    submit_interval_change(treatment, editor)
    sign_in(page, "marsh", PASSWORD)
    open_screen(page, treatment)
    violations = [violation for violation in serious_violations(page) if violation["id"] not in WAGTAILS_OWN]
    assert not violations, f"{page.url}:\n{describe(violations)}"


@pytest.mark.parametrize(
    "open_screen", [page_sign_off, sign_off_modal], ids=["page sign-off", "sign-off modal"]
)
def test_next_review_due_is_a_date_field_with_the_clinic_interval(
    page, editor, marsh, treatment, console_errors, open_screen
):
    """ "Next review due" is the browser's own date field (no admin script needed, so it works in the
    dashboard's modal too), filled with the clinic's interval from today, without a script error."""
    submit_interval_change(treatment, editor)
    sign_in(page, "marsh", PASSWORD)
    open_screen(page, treatment)
    field = page.get_by_label("Next review due")
    expect(field).to_have_attribute("type", "date")
    expect(field).to_have_value(latest_next_review_due().isoformat())
    assert not console_errors

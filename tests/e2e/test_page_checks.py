"""An editor opening a draft sees in the Checks side panel that its title nearly duplicates a live page's."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from cms.models import User
from tests.e2e.admin import sign_in
from tests.e2e.axe import BLOCKING_IMPACTS, describe
from tests.factories import TreatmentPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-and-unusual-passphrase"
NEAR_DUPLICATE = "Nearly the same title as the live page “Botox for chronic migraine”"


def test_a_near_duplicate_title_raises_a_page_check(page, home_page, clinic_settings, treatment_index):
    """A live "Botox for chronic migraine" and a draft "Botox for chronic migraines": the draft's Checks
    panel names the live page, and axe finds nothing serious in the page checks."""
    TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraine")
    draft = TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraines", live=False)
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)

    sign_in(page, "editor", PASSWORD)
    page.goto(f"/admin/pages/{draft.pk}/edit/")
    page.get_by_role("button", name="Toggle checks").click()

    checks = page.get_by_role("region", name="Page checks")
    expect(checks.get_by_text(NEAR_DUPLICATE)).to_be_visible()
    expect(checks.get_by_text("Checked as shown in the preview.")).to_be_visible()  # refreshed by the preview
    expect(checks.get_by_text(NEAR_DUPLICATE)).to_be_visible()
    violations = Axe().run(page, context="[data-page-checks]").response["violations"]
    serious = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not serious, describe(serious)

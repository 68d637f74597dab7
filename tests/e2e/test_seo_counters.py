"""SEO staff see, as they type on the Promote tab, how long the title and description will be in search
results, and what the result will look like."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cms.models import User
from tests.e2e.admin import sign_in
from tests.e2e.axe import describe, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-and-unusual-passphrase"
SUMMARY = "Injections that may reduce headache days for people with chronic migraine."
TOO_LONG = ("Botox injections for chronic migraine at Harbour Lane Clinic in London. " * 3)[:200]
FITS = "Botox for chronic migraine: how the injections work, how often, who they suit and the risks."


@pytest.fixture
def seo_staff(db):
    """A member of the "SEO staff" group (cms/migrations/0008_groups.py), who may edit the Promote tab."""
    user = User.objects.create_user("seo", "seo@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name="SEO staff"))
    return user


def open_promote_tab(page, treatment):
    sign_in(page, "seo", PASSWORD)
    page.goto(f"/admin/pages/{treatment.pk}/edit/")
    page.get_by_role("tab", name="Promote").click()
    expect(page.locator("[name='search_description']")).to_be_visible()


def target(page, name):
    return page.locator(f"[data-controller='seo-snippet'] [data-seo-snippet-target='{name}']")


def bar_colour(locator):
    return locator.evaluate("element => getComputedStyle(element).borderInlineStartColor")


def test_the_description_counter_turns_too_long_and_back_as_seo_staff_type(
    page, seo_staff, public_site, console_errors
):
    """With no search description the summary is measured and shown; a 200-character description reads
    "200 / 160 characters: too long" in the warning state; shortened, it fits, and the preview follows."""
    treatment = public_site.treatment
    open_promote_tab(page, treatment)
    counter = target(page, "descriptionCount")

    expect(counter).to_have_text(f"{len(SUMMARY)} / 160 characters: fits")
    expect(target(page, "descriptionNote")).to_contain_text("the summary is used")
    expect(target(page, "description")).to_have_text(SUMMARY)
    expect(target(page, "title")).to_have_text("Botox for chronic migraine | Harbour Lane Clinic")
    expect(target(page, "url")).to_have_text(treatment.get_full_url())
    expect(counter).to_have_attribute("aria-live", "polite")
    fits_colour = bar_colour(counter)

    page.locator("[name='search_description']").fill(TOO_LONG)

    expect(counter).to_have_text("200 / 160 characters: too long")
    expect(counter).to_have_attribute("data-state", "too-long")
    assert bar_colour(counter) != fits_colour
    expect(target(page, "descriptionNote")).to_have_text("Your search description is used.")
    expect(target(page, "description")).to_have_text(TOO_LONG[:160].rstrip() + "…")

    page.locator("[name='search_description']").fill(FITS)

    expect(counter).to_have_text(f"{len(FITS)} / 160 characters: fits")
    expect(counter).to_have_attribute("data-state", "ok")
    assert bar_colour(counter) == fits_colour
    expect(target(page, "description")).to_have_text(FITS)
    assert not console_errors


def test_the_title_counter_measures_the_seo_title_as_typed_and_the_slug_moves_the_address(
    page, seo_staff, public_site
):
    """An SEO title is counted without the clinic name (it is shown as typed); the preview's address
    follows the slug."""
    treatment = public_site.treatment
    open_promote_tab(page, treatment)
    counter = target(page, "titleCount")
    expect(counter).to_have_text("48 / 60 characters: fits")

    seo_title = "Botox injections for chronic migraine in central London, explained"
    page.locator("[name='seo_title']").fill(seo_title)

    expect(counter).to_have_text(f"{len(seo_title)} / 60 characters: too long")
    expect(target(page, "title")).to_have_text(seo_title[:60].rstrip() + "…")

    page.locator("[name='slug']").fill("botox-migraine")
    expect(target(page, "url")).to_have_text(treatment.get_parent().get_full_url() + "botox-migraine/")


def test_the_promote_tab_has_no_serious_accessibility_violations(page, seo_staff, public_site):
    """axe-core finds nothing serious or critical on the Promote tab, with a counter in the too-long state."""
    open_promote_tab(page, public_site.treatment)
    page.locator("[name='search_description']").fill(TOO_LONG)
    expect(target(page, "descriptionCount")).to_have_attribute("data-state", "too-long")

    violations = serious_violations(page)

    assert not violations, f"{page.url}:\n{describe(violations)}"

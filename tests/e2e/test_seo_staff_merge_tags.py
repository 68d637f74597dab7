"""SEO staff tidy the tags in the admin without any article losing its topic."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cms.models import User
from tests.e2e.admin import sign_in
from tests.e2e.axe import describe, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-and-unusual-passphrase"


@pytest.fixture
def seo_staff(db):
    """A member of the "SEO staff" group, whose permissions cms/migrations/0008_groups.py sets."""
    user = User.objects.create_user("seo", "seo@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name="SEO staff"))
    return user


def topics(page):
    return page.get_by_role("region", name="Topics").get_by_role("link")


def assert_accessible(page):
    violations = serious_violations(page)
    assert not violations, f"{page.url}:\n{describe(violations)}"


def test_seo_staff_merge_two_tags_and_both_articles_keep_the_merged_tag(page, seo_staff, public_site):
    """SEO staff merge "Headache" into "Migraine" from the tag list, checking what will happen
    first; the article tagged "Headache" and the one tagged "Migraine" both show "Migraine",
    and nothing shows "Headache". Both steps of the merge pass axe."""
    migraine_article, headache_article = public_site.articles

    sign_in(page, "seo", PASSWORD)
    page.get_by_role("link", name="Tags").click()
    headache_row = page.get_by_role("row").filter(has=page.get_by_text("Headache", exact=True))
    headache_row.get_by_role("link", name="Merge").click()
    into = page.get_by_label("Merge into")
    expect(page.locator(f"datalist#{into.get_attribute('list')} option[value='Migraine']")).to_have_count(1)
    into.fill("Migraine")
    assert_accessible(page)
    page.get_by_role("button", name="Check what will happen").click()

    summary = page.get_by_role("table")
    expect(summary.get_by_role("row").filter(has_text="Headache")).to_contain_text("1")
    expect(summary.get_by_role("row").filter(has_text="Migraine")).to_contain_text("2")
    expect(page.get_by_text("1 item will gain 'Migraine'.")).to_be_visible()
    expect(page.get_by_text("0 items already have 'Migraine'")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Merge tags").click()
    expect(
        page.get_by_text("Merged into 'Migraine': 1 item gained the tag and 0 already had it.")
    ).to_be_visible()

    for article in (migraine_article, headache_article):
        page.goto(article.url)
        expect(topics(page).filter(has_text="Migraine")).to_have_count(1)
        expect(topics(page).filter(has_text="Headache")).to_have_count(0)

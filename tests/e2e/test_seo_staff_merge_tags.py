"""SEO staff tidy the tags in the admin without any article losing its topic."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cms.models import User
from tests.e2e.admin import sign_in

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


def test_seo_staff_merge_two_tags_and_both_articles_keep_the_merged_tag(page, seo_staff, public_site):
    """SEO staff merge "Headache" into "Migraine" from the tag list; the article tagged
    "Headache" and the one tagged "Migraine" both show "Migraine", and nothing shows "Headache"."""
    migraine_article, headache_article = public_site.articles

    sign_in(page, "seo", PASSWORD)
    page.get_by_role("link", name="Tags").click()
    headache_row = page.get_by_role("row").filter(has=page.get_by_text("Headache", exact=True))
    headache_row.get_by_role("link", name="Merge").click()
    page.get_by_label("Merge into").fill("Migraine")
    page.get_by_role("button", name="Merge tags").click()
    expect(page.get_by_text("Merged into 'Migraine'")).to_be_visible()

    for article in (migraine_article, headache_article):
        page.goto(article.url)
        expect(topics(page).filter(has_text="Migraine")).to_have_count(1)
        expect(topics(page).filter(has_text="Headache")).to_have_count(0)

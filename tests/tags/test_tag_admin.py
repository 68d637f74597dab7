"""The tag admin (wagtail-modeladmin) as SEO staff use it: list, search, rename, merge, delete unused."""

import re
from unittest.mock import ANY

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from taggit.models import Tag

from articles.models import ArticlePage
from tags.housekeeping import usage_count_name
from tests.factories import ArticlePageFactory, TreatmentPageFactory
from treatments.models import TreatmentPage

INDEX_URL = "/admin/taggit/tag/"
MERGE_URL = reverse("taggit_tag_modeladmin_merge")


def edit_url(tag):
    return reverse("taggit_tag_modeladmin_edit", args=[tag.pk])


def delete_url(tag):
    return reverse("taggit_tag_modeladmin_delete", args=[tag.pk])


@pytest.fixture
def tagged(article_index, treatment_index):
    """Two articles and a treatment sharing 'migraine'; one article also tagged 'botox'."""
    ArticlePageFactory(parent=article_index, tags=["migraine", "botox"])
    ArticlePageFactory(parent=article_index, tags=["migraine"])
    treatment = TreatmentPageFactory(parent=treatment_index)
    treatment.tags.add("migraine")
    treatment.save()


@pytest.fixture
def staff_client(client, admin_user):
    """Logged in as a superuser; group permissions are tested in tests/cms/test_groups.py."""
    client.force_login(admin_user)
    return client


def test_index_lists_tags_with_usage_counts(staff_client, tagged):
    """The list shows each tag with a count per tagged page type and its total, under their headings."""
    response = staff_client.get(INDEX_URL)

    assert response.status_code == 200
    html = response.content.decode()
    headings = re.findall(r'<th scope="col"[^>]*>\s*<a[^>]*>\s*([^<]*?)\s*</a>', html)
    assert headings == ["Name", "Slug", "Articles", "Treatment pages", "All uses (with images and documents)"]
    rows = {tag.name: vars(tag) for tag in response.context["object_list"]}
    articles, treatments = usage_count_name(ArticlePage), usage_count_name(TreatmentPage)
    migraine = rows["migraine"]
    assert (migraine[articles], migraine[treatments], migraine["usage_count"]) == (2, 1, 3)
    assert rows["botox"]["usage_count"] == 1
    assert MERGE_URL in html


def test_index_can_be_searched_and_sorted_by_use(staff_client, tagged):
    """Searching narrows the list by name; ordering by usage puts the most used first."""
    found = staff_client.get(INDEX_URL, {"q": "migr"}).context["object_list"]
    by_use = staff_client.get(INDEX_URL, {"o": "-4"}).context["object_list"]

    assert [tag.name for tag in found] == ["migraine"]
    assert [tag.name for tag in by_use] == ["migraine", "botox"]


def test_in_use_tags_offer_no_delete_button(staff_client, tagged):
    """Tags in use show 'Merge' but not 'Delete' in the list; unused ones show both."""
    unused = Tag.objects.create(name="unused")
    html = staff_client.get(INDEX_URL).content.decode()

    assert delete_url(unused) in html
    assert delete_url(Tag.objects.get(name="migraine")) not in html


def test_renaming_through_the_admin_keeps_the_slug(staff_client, tagged):
    """Saving a new name leaves the slug alone unless 'make a new slug' is ticked."""
    tag = Tag.objects.get(name="migraine")

    response = staff_client.post(edit_url(tag), {"name": "Migraine"})

    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("Migraine", "migraine")


def test_renaming_with_new_slug_through_the_admin(staff_client, tagged):
    """Ticking 'make a new slug' gives the tag a slug from its new name."""
    tag = Tag.objects.get(name="botox")

    staff_client.post(edit_url(tag), {"name": "Botulinum toxin", "regenerate_slug": "on"})

    tag.refresh_from_db()
    assert tag.slug == "botulinum-toxin"


def test_renaming_to_an_existing_name_is_refused_with_advice(staff_client, tagged):
    """A rename that would clash with another tag (ignoring case) is refused and points to merging."""
    tag = Tag.objects.get(name="botox")

    response = staff_client.post(edit_url(tag), {"name": "MIGRAINE"})

    assert response.status_code == 200
    assert "Merge tags" in str(response.context["form"].errors["name"])
    tag.refresh_from_db()
    assert tag.name == "botox"


def test_creating_a_tag_gives_it_a_slug(staff_client):
    """New tags can be added; their slug comes from the name."""
    staff_client.post(reverse("taggit_tag_modeladmin_create"), {"name": "Sleep and headaches"})

    assert Tag.objects.get(name="Sleep and headaches").slug == "sleep-and-headaches"


def merge(client, tags, into, **extra):
    """Post the merge form's second step, confirming, and follow to the tag list."""
    return client.post(MERGE_URL, {"tags": tags, "into": into, "confirm": "1", **extra}, follow=True)


def test_merge_view_merges_and_reports(staff_client, tagged):
    """Confirmed, the merge folds the chosen tags into the target, creating it when it is new."""
    response = merge(staff_client, "migraine, botox", "Headache care")

    assert response.redirect_chain[-1][0] == INDEX_URL
    assert "Merged into &#x27;Headache care&#x27;: 3 items gained the tag and 0 already had it." in (
        response.content.decode()
    )
    assert set(Tag.objects.values_list("name", flat=True)) == {"Headache care"}
    assert Tag.objects.get(name="Headache care").articles_articlepagetag_items.count() == 2


def test_the_form_leads_to_a_summary_and_changes_nothing(staff_client, tagged, article_index):
    """Sent without confirming, the form shows each tag's items and what will happen; nothing is merged."""
    ArticlePageFactory(parent=article_index, tags=["botox"])

    response = staff_client.post(MERGE_URL, {"tags": "botox", "into": "migraine"})

    assert response.status_code == 200
    assert response.templates[0].name == "tags/admin/confirm_merge_tags.html"
    page = BeautifulSoup(response.content, "html.parser")
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in page.select("tbody tr")]
    assert rows == [
        ["botox", "2", "Deleted; its items get the tag below"],
        ["migraine", "3", "Kept"],
    ]
    said = " ".join(page.select_one("ul.w-mt-4").get_text().split())
    assert "1 item will gain 'migraine'." in said
    assert "1 item already has 'migraine' and only loses the merged tags." in said
    assert {field["name"]: field["value"] for field in page.select("form input[type=hidden]")} == {
        "csrfmiddlewaretoken": ANY,
        "tags": "botox",
        "into": "migraine",
    }
    assert set(Tag.objects.values_list("name", flat=True)) == {"botox", "migraine"}


def test_a_link_naming_the_target_shows_the_summary_and_changes_nothing(staff_client, tagged):
    """A GET never merges, even one saying ``confirm``: it shows the summary at most."""
    response = staff_client.get(MERGE_URL, {"tags": "botox", "into": "Botulinum toxin", "confirm": "1"})

    assert response.status_code == 200
    assert "A new tag" in response.content.decode()
    assert "1 item will gain" in " ".join(response.content.decode().split())
    assert set(Tag.objects.values_list("name", flat=True)) == {"botox", "migraine"}


def test_change_goes_back_to_the_form_as_filled_in(staff_client, tagged):
    """'Change' on the summary shows the form again with the tags and target chosen."""
    response = staff_client.post(MERGE_URL, {"tags": "botox", "into": "migraine", "change": "1"})

    assert response.templates[0].name == "tags/admin/merge_tags.html"
    assert response.context["form"]["into"].value() == "migraine"
    assert Tag.objects.count() == 2


def test_merge_view_counts_the_items_gained_and_those_that_already_had_it(
    staff_client, tagged, article_index
):
    """The result message counts the items newly given the target apart from those that already had it."""
    ArticlePageFactory(parent=article_index, tags=["botox"])

    response = merge(staff_client, "botox", "migraine")

    html = response.content.decode()
    assert "1 item gained the tag and 1 already had it" in html
    assert "redirect to its listing" in html
    assert Tag.objects.get(name="migraine").articles_articlepagetag_items.count() == 3


def test_merging_a_tag_every_item_already_has_says_so(staff_client, tagged):
    """When every item already had the target, the message says so rather than 'nothing moved'."""
    response = merge(staff_client, "botox", "migraine")

    assert "0 items gained the tag and 1 already had it" in response.content.decode()
    assert list(Tag.objects.values_list("name", flat=True)) == ["migraine"]


def test_merge_view_prefills_from_the_row_button(staff_client, tagged):
    """The 'Merge' row button opens the form with that tag already chosen."""
    response = staff_client.get(MERGE_URL, {"tags": "botox"})

    assert response.status_code == 200
    assert response.context["form"].initial["tags"] == "botox"


def test_merge_into_suggests_the_existing_tags(staff_client, tagged):
    """The 'Merge into' box offers every existing tag's name as one types (a datalist it names)."""
    page = BeautifulSoup(staff_client.get(MERGE_URL).content, "html.parser")

    into = page.select_one("input[name=into]")
    suggestions = page.select_one(f"datalist#{into['list']}")
    assert [option["value"] for option in suggestions.select("option")] == ["botox", "migraine"]


@pytest.mark.parametrize("confirm", [{}, {"confirm": "1"}])
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"tags": "migraine, nonsense", "into": "migraine"}, "No tag is called: nonsense"),
        ({"tags": "migraine", "into": "Migraine"}, "at least one tag other than"),
        ({"tags": "", "into": "migraine"}, "This field is required"),
        ({"tags": "botox", "into": "   "}, "This field is required"),
        ({"tags": "botox", "into": "x" * 101}, "at most 100 characters"),
        ({"into": "migraine"}, "This field is required"),
    ],
)
def test_merge_view_rejects_bad_input_without_changes(staff_client, tagged, data, message, confirm):
    """Unknown tags, merging a tag into itself, empty or overlong input: a form error, nothing changed."""
    response = staff_client.post(MERGE_URL, {**data, **confirm})

    assert response.status_code == 200
    assert response.templates[0].name == "tags/admin/merge_tags.html"
    assert message in response.content.decode()
    assert Tag.objects.count() == 2


def test_deleting_a_tag_in_use_is_refused(staff_client, tagged):
    """The delete page explains the tag is in use and offers merging; posting anyway deletes nothing."""
    tag = Tag.objects.get(name="botox")

    page = staff_client.get(delete_url(tag))
    response = staff_client.post(delete_url(tag), follow=True)

    assert "is in use" in page.content.decode()
    assert "still in use" in response.content.decode()
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_deleting_an_unused_tag_works(staff_client):
    """An unused tag can be deleted after confirming."""
    tag = Tag.objects.create(name="unused")

    response = staff_client.post(delete_url(tag))

    assert response.status_code == 302
    assert not Tag.objects.filter(pk=tag.pk).exists()

"""A page history's "Compare" lists what an editor changed, and nothing that was only stored differently."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail import blocks
from wagtail.test.utils.form_data import nested_form_data, rich_text

from cms.compare import MinuteDateTimeFieldComparison
from tests.factories import ConditionFactory, TreatmentPageFactory, publish_signed_off, treatment_edit_fields
from treatments.models import TreatmentPage


@pytest.fixture
def treatment(treatment_index, clinic_settings):
    """A live treatment with tags and two conditions, its body stored as demo content is (no keys or ids)."""
    page = TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraine")
    page.conditions.set(
        [ConditionFactory(name="Chronic migraine"), ConditionFactory(name="Tension headache")]
    )
    page.tags.add("migraine", "botox", "headache")
    publish_signed_off(page)
    return TreatmentPage.objects.get(pk=page.pk)


def posted_stream(block, value):
    """A stream, struct or list value as the admin's editor posts it: ids kept, rich text as the editor's."""
    if isinstance(block, blocks.StreamBlock | blocks.ListBlock):
        children = value if isinstance(block, blocks.StreamBlock) else value.bound_blocks
        data = {
            str(n): {
                "type": getattr(child, "block_type", "item"),
                "value": posted_stream(child.block, child.value),
                "id": child.id,
                "deleted": "",
                "order": str(n),
            }
            for n, child in enumerate(children)
        }
        return {**data, "count": str(len(data))}
    if isinstance(block, blocks.StructBlock):
        return {name: posted_stream(child, value.get(name)) for name, child in block.child_blocks.items()}
    if isinstance(block, blocks.RichTextBlock):
        # The browser's editor sends "null" when it is empty.
        return rich_text(value.source, features=block.features) if value.source else "null"
    return "" if value is None else str(value)


def save_draft(client, page, body=None, **fields):
    """Save a draft of ``page`` through the edit form as a browser sends it, changing ``fields``.

    Tags and conditions are sent in an order of their own, as a person types or picks them.
    """
    published = timezone.localtime(page.first_published_at).strftime("%Y-%m-%d %H:%M")
    posted_body = posted_stream(page.body.stream_block, page.body if body is None else body)
    tags = ", ".join(sorted((tag.name for tag in page.tags.all()), reverse=True))
    data = nested_form_data(
        treatment_edit_fields(page, posted_body, **{"tags": tags, "first_published_at": published, **fields})
    )
    data["conditions"] = [str(pk) for pk in page.conditions.order_by("-pk").values_list("pk", flat=True)]
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    return page.revisions.order_by("-pk").first()


def compare_with_live(client, page, revision):
    """The compare view's rows, as ``{field label: changes as text}``, in the order shown."""
    url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", revision.pk])
    response = client.get(url)
    assert response.status_code == 200
    rows = BeautifulSoup(response.content, "html.parser").select("table.listing tbody tr")
    return {
        row.select_one("td.title").get_text(strip=True).rstrip(":"): row.select_one("td.comparison")
        for row in rows
        if row.select_one("td.title")
    }


def test_a_description_change_is_the_only_change_listed(admin_client, treatment):
    """The body and tags came back through the editor unchanged: only the description is listed."""
    revision = save_draft(admin_client, treatment, search_description="Botox can cut migraine days.")

    rows = compare_with_live(admin_client, treatment, revision)

    assert list(rows) == ["Meta description"]
    assert rows["Meta description"].select_one(".addition").get_text() == "Botox can cut migraine days."


def test_the_stored_page_really_differs_where_it_was_only_restored(admin_client, treatment):
    """What the comparisons are for: the draft's body and tags are stored otherwise than the live page's."""
    revision = save_draft(admin_client, treatment, search_description="Botox can cut migraine days.")
    draft = revision.as_object()

    assert draft.body.raw_data != treatment.body.raw_data
    assert 'data-block-key="' in str(draft.body.get_prep_value())
    tags = TreatmentPage._meta.get_field("tags")
    assert [tag.name for tag in tags.value_from_object(draft)] != [
        tag.name for tag in tags.value_from_object(treatment)
    ]


def test_a_body_edit_is_shown_with_only_the_section_it_is_in(admin_client, treatment):
    """Changing how long results last lists the body, naming that section; the other sections are counted."""
    body = treatment.body
    frequency = next(child for child in body if child.block_type == "frequency")
    frequency.value["results_last"] = "Up to four months"

    rows = compare_with_live(admin_client, treatment, save_draft(admin_client, treatment, body=body))

    assert list(rows) == ["Body"]
    diff = rows["Body"]
    assert [heading.get_text() for heading in diff.select("strong")] == ["How often (edited)"]
    assert [span.get_text() for span in diff.select(".addition")] == ["Up to four"]
    assert [span.get_text() for span in diff.select(".deletion")] == ["Around three"]
    assert "4 unchanged sections are not shown." in diff.get_text()
    assert "Small injections relax" not in diff.get_text()


def test_a_removed_and_a_moved_section_are_named(admin_client, treatment):
    """Taking out the risks and putting the FAQ first: the one removed and the one moved, the rest counted."""
    children = [(child.block_type, child.value, child.id) for child in treatment.body]
    faq = children.pop()
    reordered = [faq] + [child for child in children if child[0] != "risks"]
    body = type(treatment.body)(treatment.body.stream_block, reordered)

    rows = compare_with_live(admin_client, treatment, save_draft(admin_client, treatment, body=body))

    headings = [heading.get_text() for heading in rows["Body"].select("strong")]
    assert sorted(headings) == ["Questions and answers (moved)", "Risks and side effects (removed)"]
    assert "3 unchanged sections are not shown." in rows["Body"].get_text()


def test_a_tag_added_is_shown_among_the_tags_kept(admin_client, treatment):
    """A new tag is listed as added, the kept ones plainly, by name and in alphabetical order."""
    tags = "migraine, Chronic pain, headache, botox"

    rows = compare_with_live(admin_client, treatment, save_draft(admin_client, treatment, tags=tags))

    assert list(rows) == ["Tags"]
    assert rows["Tags"].select_one(".addition").get_text() == "Chronic pain"
    assert " ".join(rows["Tags"].get_text().split()) == "botox, Chronic pain, headache, migraine"


def test_a_condition_removed_is_shown(admin_client, treatment):
    """Order aside, a many-to-many choice taken away is still a change."""
    kept = treatment.conditions.get(name="Chronic migraine")
    revision = save_draft(admin_client, treatment)
    draft = revision.as_object()
    draft.conditions.set([kept])
    revision = draft.save_revision()

    rows = compare_with_live(admin_client, treatment, revision)

    assert list(rows) == ["Conditions treated"]
    assert rows["Conditions treated"].select_one(".deletion").get_text() == "Tension headache"


def test_a_first_publication_moved_back_is_shown_and_its_seconds_are_not(treatment):
    """The admin's date field shows minutes: a change of seconds is no change, a change of days is."""
    field = TreatmentPage._meta.get_field("first_published_at")
    same_minute = TreatmentPage(
        first_published_at=treatment.first_published_at.replace(second=0, microsecond=0)
    )
    a_year_back = TreatmentPage(
        first_published_at=treatment.first_published_at - datetime.timedelta(days=365)
    )

    assert not MinuteDateTimeFieldComparison(field, treatment, same_minute).has_changed()
    assert MinuteDateTimeFieldComparison(field, treatment, a_year_back).has_changed()

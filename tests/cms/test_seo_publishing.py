"""SEO staff publish changes confined to SEO fields themselves; anything else waits for an Editor.

Checked per group (Editors, SEO staff, Medical reviewers, a user in no group) and per
route: the edit page's Publish (now, or at a go-live time), restoring an earlier
revision, bulk publish, unpublish, copying with "publish copies", and the rule itself
(``cms.seo_publishing.publish_seo_change``) on every page type.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.seo_publishing import SeoPublishRefused, publish_seo_change
from signoff.models import SignOff
from signoff.records import record_sign_off
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ClinicianFactory,
    TreatmentPageFactory,
    stream_form_data,
)

pytestmark = pytest.mark.django_db

GROUPS = ["Editors", "SEO staff", "Medical reviewers", None]
MAY_PUBLISH_SEO = {"Editors": True, "SEO staff": True, "Medical reviewers": False, None: False}


@pytest.fixture
def treatment(treatment_index, clinic_settings):
    body = [{"type": "rich_text", "value": "<p>Ask your provider.</p>"}]
    return TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraine", body=body)


@pytest.fixture
def article(home_page):
    return ArticlePageFactory(parent=ArticleIndexPageFactory(parent=home_page), title="Migraine diaries")


@pytest.fixture(params=["treatment", "article"])
def page(request):
    return request.getfixturevalue(request.param)


def form_data(page, **fields):
    """The edit form's POST data for ``page`` as it is live, with ``fields`` changed."""
    values = {
        "title": page.title,
        "slug": page.slug,
        "body": streamfield(stream_form_data(page.body.stream_block, page.body.get_prep_value())),
        "hero_image": page.hero_image_id or "",
        "tags": ", ".join(f'"{tag.name}"' for tag in page.tags.all()),
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "social_title": getattr(page, "social_title", ""),
        "social_description": getattr(page, "social_description", ""),
        "social_image": "",
        "canonical_url": page.canonical_url,
    }
    if page.first_published_at and hasattr(page, "first_published_panel"):
        values["first_published_at"] = timezone.localtime(page.first_published_at).strftime("%Y-%m-%d %H:%M")
    if hasattr(page, "summary"):
        values.update(summary=page.summary, category=page.category, schema_type=page.schema_type)
    else:
        values.update(
            intro=page.intro,
            date=page.date.isoformat(),
            clinician_author=page.clinician_author_id or "",
            staff_author=page.staff_author_id or "",
        )
    values.update(fields)
    return nested_form_data(values)


def publish_from_editor(client, page, **fields):
    data = {**form_data(page, **fields), "action-publish": "action-publish"}
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)


def live(page):
    return Page.objects.get(pk=page.pk).specific


def messages_of(response):
    return " ".join(str(message) for message in response.context["messages"]) if response.context else ""


@pytest.mark.parametrize("group", GROUPS)
def test_the_edit_page_offers_publish_to_those_who_may_publish(client, member, article, group):
    """Editors get Wagtail's Publish, SEO staff the same button for SEO changes; others save drafts."""
    client.force_login(member(group))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))

    offered = response.status_code == 200 and 'name="action-publish"' in response.content.decode()
    assert offered is MAY_PUBLISH_SEO[group]


@pytest.mark.parametrize("group", GROUPS)
def test_an_seo_only_change_is_published_by_editors_and_seo_staff_only(client, member, page, group):
    client.force_login(member(group))
    revisions = page.revisions.count()

    publish_from_editor(client, page, seo_title="Shorter title", search_description="What it treats.")

    assert (live(page).seo_title == "Shorter title") is MAY_PUBLISH_SEO[group]
    if group == "SEO staff":
        assert live(page).live_revision == page.revisions.latest("created_at")
        assert not page.workflow_states.exists(), "no workflow was needed"
    if group == "Medical reviewers":
        assert page.revisions.count() == revisions + 1, "their change is kept as a draft"


def test_seo_staff_publish_tags_and_no_index(client, member, article):
    client.force_login(member("SEO staff"))

    publish_from_editor(client, article, tags='"migraine", "headache"', no_index="on")

    article = live(article)
    assert article.no_index
    assert sorted(tag.name for tag in article.tags.all()) == ["headache", "migraine"]


def test_a_change_beyond_seo_fields_is_kept_as_a_draft_and_named(client, member, page):
    """The slug is neither SEO nor medical: the draft is saved, not published, and the message says why."""
    client.force_login(member("SEO staff"))
    old_slug = page.slug

    response = publish_from_editor(client, page, slug="renamed", seo_title="Shorter title")

    assert live(page).slug == old_slug
    assert live(page).seo_title == page.seo_title
    draft = live(page).get_latest_revision_as_object()
    assert (draft.slug, draft.seo_title) == ("renamed", "Shorter title")
    assert "was saved as a draft, not published" in messages_of(response)
    assert "Slug" in messages_of(response)


def test_a_medical_change_gets_the_sign_off_error_on_the_form(client, member, treatment):
    """The treatment's title is medical content: publishing it needs a clinician, whoever presses Publish."""
    client.force_login(member("SEO staff"))

    response = publish_from_editor(client, treatment, title="Botox for migraine")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert live(treatment).title == "Botox for chronic migraine"


def test_someone_else_s_unpublished_change_is_not_published_with_an_seo_change(client, member, article):
    """An editor's draft renames the page; SEO staff editing that draft cannot publish the rename."""
    article.slug = "editor-draft"
    article.save_revision(user=member("Editors"), clean=False)
    client.force_login(member("SEO staff"))

    response = publish_from_editor(client, article, slug="editor-draft", seo_title="Diaries that help")

    assert live(article).slug != "editor-draft"
    assert live(article).seo_title == ""
    assert "Slug" in messages_of(response)


def test_an_seo_change_can_be_scheduled_but_not_another_change(client, member, article):
    article.save_revision().publish()
    client.force_login(member("SEO staff"))
    later = (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")

    publish_from_editor(client, article, slug="renamed", go_live_at=later)
    assert not article.revisions.filter(approved_go_live_at__isnull=False).exists()

    publish_from_editor(client, article, seo_title="Diaries that help", go_live_at=later)
    scheduled = article.revisions.get(approved_go_live_at__isnull=False)
    assert scheduled.as_object().seo_title == "Diaries that help"
    assert live(article).seo_title == "", "published at the time set, not now"


def test_restoring_a_revision_publishes_only_seo_differences(client, member, article):
    """Restoring an earlier revision publishes it: allowed when it differs from live in SEO fields only."""
    editor, seo = member("Editors"), member("SEO staff")
    article.seo_title = "An earlier title"
    earlier_seo = article.save_revision(user=editor)
    article.seo_title = ""
    article.save_revision(user=editor).publish(user=editor)
    client.force_login(seo)
    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[article.pk, earlier_seo.pk])

    data = {**form_data(live(article), seo_title="An earlier title"), "action-publish": "action-publish"}
    client.post(revert_url, data)
    assert live(article).seo_title == "An earlier title"

    data = {**form_data(live(article), slug="earlier-slug"), "action-publish": "action-publish"}
    client.post(revert_url, data)
    assert live(article).slug != "earlier-slug"


@pytest.mark.parametrize("group", ["SEO staff", "Medical reviewers", None])
def test_bulk_publish_unpublish_and_copy_stay_with_editors(client, member, article, group):
    """Wagtail's own page publish permission stays the Editors': bulk publish, unpublish, copies, the API."""
    user = member(group)
    client.force_login(user)
    article.seo_title = "Drafted"
    article.save_revision(user=user, clean=False)
    assert not article.permissions_for_user(user).can_publish()

    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    client.post(f"{bulk}?id={article.pk}&next=/admin/pages/", {})
    client.post(reverse("wagtailadmin_pages:unpublish", args=[article.pk]))
    copy = {
        "new_title": "Copy",
        "new_slug": "copy",
        "new_parent_page": article.get_parent().pk,
        "publish_copies": "on",
    }
    client.post(reverse("wagtailadmin_pages:copy", args=[article.pk]), copy)

    assert live(article).live
    assert live(article).seo_title == ""
    assert not Page.objects.filter(slug="copy", live=True).exists()


def test_the_rule_holds_on_every_page_type(member, home_page, treatment, article):
    """Home, index, treatment and article pages: an SEO change publishes, a title change does not."""
    seo = member("SEO staff")
    for page in [
        home_page,
        treatment.get_parent().specific,
        treatment,
        article.get_parent().specific,
        article,
    ]:
        page = live(page)
        page.search_description = f"About {page.title}"
        publish_seo_change(page, page.save_revision(user=seo, clean=False), seo)
        assert live(page).search_description == f"About {page.title}", page

        page = live(page)
        page.title = "Retitled"
        with pytest.raises(SeoPublishRefused, match="Title"):
            publish_seo_change(page, page.save_revision(user=seo, clean=False), seo)
        assert live(page).title != "Retitled"


def test_an_seo_change_keeps_a_treatment_s_sign_off_and_review_line(client, member, treatment):
    clinician = ClinicianFactory(name="Dr Ana Ruiz")
    record_sign_off(
        treatment,
        treatment.get_latest_revision(),
        source=SignOff.CLINICIAN,
        clinician=clinician,
        next_review_due=timezone.localdate() + datetime.timedelta(days=300),
    )
    treatment.get_latest_revision().publish()
    before = live(treatment)
    sign_offs = treatment.sign_offs.count()
    assert before.reviewed_by == clinician
    client.force_login(member("SEO staff"))

    publish_from_editor(client, before, seo_title="Botox for migraine | Harbour Lane")

    after = live(treatment)
    assert after.seo_title == "Botox for migraine | Harbour Lane"
    assert (after.reviewed_by, after.last_reviewed, after.next_review_due) == (
        before.reviewed_by,
        before.last_reviewed,
        before.next_review_due,
    )
    assert treatment.sign_offs.count() == sign_offs, "no new sign-off was needed"

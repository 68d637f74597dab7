"""The staff groups (their matrix is cms/migrations/0008_groups.py), and what each can and cannot reach.

The matrix (also in docs/editors.md, "Groups and permissions"):

| | Editors | Medical reviewers | SEO staff |
|---|---|---|---|
| add / publish pages | yes | no | no |
| publish changes to SEO fields only (edit page, bulk SEO editor) | yes | no | yes |
| approve changes others submit | yes | no | no |
| edit pages (drafts, Promote tab) | yes | yes | yes |
| images (upload, choose) | yes | yes | yes |
| staff authors, conditions | yes | no | no |
| clinicians | choose only | add / edit | no |
| tags admin | no | no | yes |
| redirects, search promotions | no | no | yes |
| SEO report | no | yes | yes |
| bulk SEO editor | yes | no | yes |
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory
from django.urls import reverse

from cms.seo import SeoReportMenuItem
from cms.seo_editor import SeoEditorMenuItem
from tests.factories import ArticleIndexPageFactory, ArticlePageFactory, ClinicianFactory

GROUPS = ["Editors", "Medical reviewers", "SEO staff"]


@pytest.fixture
def article(home_page):
    return ArticlePageFactory(parent=ArticleIndexPageFactory(parent=home_page))


def urls(article):
    clinician = ClinicianFactory()
    add_article = ["articles", "articlepage", article.get_parent().pk]
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "edit page": reverse("wagtailadmin_pages:edit", args=[article.pk]),
        "add page": reverse("wagtailadmin_pages:add", args=add_article),
        "upload image": reverse("wagtailimages:add"),
        "staff authors": reverse("wagtailsnippets_articles_staffauthor:list"),
        "edit clinician": reverse("wagtailsnippets_cms_clinician:edit", args=[clinician.pk]),
        "tags": reverse("taggit_tag_modeladmin_index"),
        "merge tags": reverse("taggit_tag_modeladmin_merge"),
        "redirects": reverse("wagtailredirects:index"),
        "search promotions": reverse("wagtailsearchpromotions:index"),
        "SEO report": reverse("cms_seo_report"),
        "bulk SEO editor": reverse("cms_seo_editor"),
        "clinic settings": reverse("wagtailsettings:edit", args=["cms", "clinicsettings"]),
    }


CAN_OPEN = {
    "Editors": {"dashboard", "edit page", "add page", "upload image", "staff authors", "bulk SEO editor"},
    "Medical reviewers": {"dashboard", "edit page", "upload image", "edit clinician", "SEO report"},
    "SEO staff": {
        "dashboard",
        "edit page",
        "upload image",
        "tags",
        "merge tags",
        "redirects",
        "search promotions",
        "SEO report",
        "bulk SEO editor",
    },
}


def test_the_migration_made_the_three_groups(db):
    """The groups exist on a freshly migrated database (the test database is built by migrating)."""
    assert set(Group.objects.filter(name__in=GROUPS).values_list("name", flat=True)) == set(GROUPS)


@pytest.mark.parametrize("group", GROUPS)
def test_each_group_reaches_exactly_its_tools(client, member, article, group):
    """Each group opens the admin screens in its column of the matrix, and is turned away from the rest."""
    client.force_login(member(group))

    opened = {name for name, url in urls(article).items() if client.get(url).status_code == 200}

    assert opened == CAN_OPEN[group]


@pytest.mark.parametrize(
    ("group", "can_publish"), [("Editors", True), ("Medical reviewers", False), ("SEO staff", False)]
)
def test_only_editors_publish(member, article, group, can_publish):
    """Wagtail's publish permission is the Editors'; the others' edits are drafts submitted for moderation.

    (SEO staff publish changes to SEO fields only, by ``cms.publish_seo_changes`` instead.)
    """
    permissions = article.permissions_for_user(member(group))

    assert permissions.can_edit()
    assert permissions.can_publish() is can_publish


@pytest.mark.parametrize("submitter_group", ["SEO staff", "Medical reviewers"])
def test_editors_approve_and_publish_what_others_submit(client, member, article, submitter_group):
    """A change submitted for approval (Wagtail's default workflow) is an editor's to approve.

    Otherwise its only reviewers would be Wagtail's "Moderators" group, which has no
    members here, and the change would stay locked for every editor.
    """
    submitter, editor = member(submitter_group), member("Editors")
    article.title = "Peel aftercare, reviewed"
    revision = article.save_revision(user=submitter)
    task_state = article.get_workflow().start(article, submitter).current_task_state
    task = task_state.task.specific
    assert not task.locked_for_user(article, editor)

    client.force_login(editor)
    url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": ""})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live_revision == revision
    assert article.title == "Peel aftercare, reviewed"


@pytest.mark.parametrize(
    ("group", "may"), [("Editors", True), ("Medical reviewers", False), ("SEO staff", True)]
)
def test_editors_and_seo_staff_may_publish_seo_only_changes(member, group, may):
    """``cms.publish_seo_changes`` (cms/migrations/0011): Editors and SEO staff, not Medical reviewers."""
    assert member(group).has_perm("cms.publish_seo_changes") is may


@pytest.mark.parametrize(
    ("group", "shown"), [("Editors", True), ("Medical reviewers", False), ("SEO staff", True)]
)
def test_bulk_seo_editor_menu_item_is_shown_to_those_who_may_open_it(member, group, shown):
    request = RequestFactory().get("/admin/")
    request.user = member(group)

    assert SeoEditorMenuItem("Bulk SEO editor", reverse("cms_seo_editor")).is_shown(request) is shown


@pytest.mark.parametrize(
    ("group", "shown"), [("Editors", False), ("Medical reviewers", True), ("SEO staff", True)]
)
def test_seo_report_menu_item_is_shown_to_those_who_may_open_it(member, group, shown):
    """Under Reports, the SEO report is listed for the groups that may open it."""
    request = RequestFactory().get("/admin/")
    request.user = member(group)

    assert SeoReportMenuItem("SEO report", "/admin/reports/seo/").is_shown(request) is shown


def migrate(targets=None):
    """Migrate the test database to ``targets`` (every app's latest migration by default)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_moving_the_seo_report_permission_keeps_everyone_s_access(django_user_model):
    """On a database from before the move, whoever could open the SEO report still can afterwards.

    A group and a user given ``articles.view_seo_report`` by hand hold ``cms.view_seo_report``
    after migrating, the two groups of the matrix have it, and the old permission is gone.
    """
    migrate([("cms", "0006_content_generation"), ("articles", "0005_canonical_url_full_address_hint")])
    Permission.objects.filter(content_type__app_label="cms", codename="view_seo_report").delete()
    old = Permission.objects.get(content_type__app_label="articles", codename="view_seo_report")
    front_desk = Group.objects.create(name="Front desk")
    front_desk.permissions.add(old)
    manager = django_user_model.objects.create_user(username="manager", password="x")
    manager.user_permissions.add(old)
    newcomer = django_user_model.objects.create_user(username="newcomer", password="x")

    migrate()

    readers = Group.objects.filter(
        permissions__content_type__app_label="cms", permissions__codename="view_seo_report"
    )
    assert set(readers.values_list("name", flat=True)) == {"Front desk", "Medical reviewers", "SEO staff"}
    assert django_user_model.objects.get(pk=manager.pk).has_perm("cms.view_seo_report")
    assert not django_user_model.objects.get(pk=newcomer.pk).has_perm("cms.view_seo_report")
    assert not Permission.objects.filter(
        codename="view_seo_report", content_type__app_label="articles"
    ).exists()

"""The staff groups and what each may do: Editors, Medical reviewers, SEO staff.

This is the matrix from here on (docs/editors.md, "Groups and permissions", describes
it; tests/cms/test_groups.py checks it). It restates what earlier migrations granted
(articles.0002 and 0004, search.0002) with the SEO report's permission under its cms
name, so a fresh database and an existing one end with the same groups. It only adds:
whatever an administrator granted a group beyond the matrix is kept. A later change
to the matrix is a new migration that grants or removes the difference.

Model permissions are given to the groups; page permissions on the root page, so they
cover every site; image and document permissions (Wagtail's ``wagtailimages.*_image``,
which it checks for the custom image model too) on the root collection. Editors review
every task of the workflows on the root page (Wagtail's default one), so a change
others submit for approval is theirs to approve.
"""

from django.db import migrations

from cms.groups import create_all_permissions, permission

PAGE_PERMISSIONS = {
    "Editors": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Medical reviewers": ["change_page", "lock_page"],
    "SEO staff": ["change_page"],
}

COLLECTION_PERMISSIONS = {
    "Editors": [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    "Medical reviewers": ["wagtailimages.add_image", "wagtailimages.choose_image"],
    "SEO staff": ["wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image"],
}

MODEL_PERMISSIONS = {
    "Editors": [
        "wagtailadmin.access_admin",
        "articles.add_staffauthor",
        "articles.change_staffauthor",
        "articles.view_staffauthor",
        "cms.view_clinician",
        "treatments.add_condition",
        "treatments.change_condition",
        "treatments.view_condition",
    ],
    "Medical reviewers": [
        "wagtailadmin.access_admin",
        "cms.add_clinician",
        "cms.change_clinician",
        "cms.view_clinician",
        "cms.view_seo_report",
    ],
    "SEO staff": [
        "wagtailadmin.access_admin",
        "taggit.add_tag",
        "taggit.change_tag",
        "taggit.delete_tag",
        "taggit.view_tag",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "wagtailsearchpromotions.add_searchpromotion",
        "wagtailsearchpromotions.change_searchpromotion",
        "wagtailsearchpromotions.delete_searchpromotion",
        "search.add_synonymgroup",
        "search.change_synonymgroup",
        "search.delete_synonymgroup",
        "search.view_synonymgroup",
        "search.view_searchquerystat",
        "cms.view_seo_report",
    ],
}

#: The group that reviews changes submitted to the workflows on the root page.
REVIEWERS = "Editors"


def grant_matrix(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_page = apps.get_model("wagtailcore", "Page").objects.get(depth=1)
    root_collection = apps.get_model("wagtailcore", "Collection").objects.get(depth=1)

    for name, dotted_names in MODEL_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*(permission(apps, dotted) for dotted in dotted_names))
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission(apps, f"wagtailcore.{codename}")
            )
        for dotted in COLLECTION_PERMISSIONS[name]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission(apps, dotted)
            )

    reviewers = Group.objects.get(name=REVIEWERS)
    root_workflows = (
        apps.get_model("wagtailcore", "WorkflowPage").objects.filter(page__depth=1).values("workflow")
    )
    tasks = apps.get_model("wagtailcore", "GroupApprovalTask").objects.filter(
        workflow_tasks__workflow__in=root_workflows
    )
    for task in tasks:
        task.groups.add(reviewers)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_seo_report_permission"),
        ("articles", "0004_editors_review_submitted_changes"),
        ("search", "0002_seo_staff_permissions"),
    ]

    operations = [migrations.RunPython(grant_matrix, migrations.RunPython.noop)]

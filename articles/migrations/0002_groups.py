"""The staff groups and what each may do: Editors, Medical reviewers, SEO staff.

Runs on a fresh database too: Django creates permissions only after all migrations,
so this first creates the ones it needs. Image and document permissions are
Wagtail's own (``wagtailimages.*_image``), which it checks for custom image models
too. It sets the three groups to exactly this matrix (Wagtail's own migration
creates an "Editors" group; it is reused). Page permissions are given on the root
page, so they cover every site. The README's "Groups and permissions" section
describes the same matrix.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
        "articles.view_seo_report",
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
        "articles.view_seo_report",
    ],
}


def create_all_permissions(apps):
    """Create content types and permissions now, as ``post_migrate`` would after the last migration."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permission(apps, dotted):
    app_label, codename = dotted.split(".")
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_groups(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    for name, dotted_names in MODEL_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([permission(apps, dotted) for dotted in dotted_names])

        GroupPagePermission.objects.filter(group=group).delete()
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.create(
                group=group, page=root_page, permission=permission(apps, f"wagtailcore.{codename}")
            )

        GroupCollectionPermission.objects.filter(group=group).delete()
        for dotted in COLLECTION_PERMISSIONS[name]:
            GroupCollectionPermission.objects.create(
                group=group, collection=root_collection, permission=permission(apps, dotted)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("cms", "0003_clinic_country_code_validation"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("treatments", "0002_faq_required_messages_in_clean"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]

"""SEO staff may edit search synonyms and read the search report.

Adds to the group the articles app creates (articles.0002_groups). Django creates
permissions only after all migrations, so the search app's are created here first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "add_synonymgroup",
    "change_synonymgroup",
    "delete_synonymgroup",
    "view_synonymgroup",
    "view_searchquerystat",
]


def search_permissions(apps):
    app_config = apps.get_app_config("search")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="search", codename__in=CODENAMES)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name="SEO staff")
    group.permissions.add(*search_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="search", codename__in=CODENAMES)
    for group in Group.objects.filter(name="SEO staff"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("articles", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

"""SEO staff publish changes confined to SEO fields; Editors may use the bulk SEO editor too.

``cms.publish_seo_changes`` (held by the table-less ``SeoPublishingPermission``) is
given to the SEO staff and Editors groups (docs/publishing.md). SEO staff still have no
page publish permission: that stays the Editors' (cms/seo_publishing.py says why).
Reversing takes it back with the model.
"""

from django.db import migrations, models

from cms.groups import create_all_permissions, permission

GROUPS = ["SEO staff", "Editors"]


def grant_to_groups(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    publish_seo_changes = permission(apps, "cms.publish_seo_changes")
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(publish_seo_changes)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0010_clinician_profiles"),
    ]

    operations = [
        migrations.CreateModel(
            name="SeoPublishingPermission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
            ],
            options={
                "verbose_name": "SEO publishing",
                "permissions": [("publish_seo_changes", "Can publish changes to SEO fields only")],
                "managed": False,
                "default_permissions": [],
            },
        ),
        migrations.RunPython(grant_to_groups, migrations.RunPython.noop),
    ]

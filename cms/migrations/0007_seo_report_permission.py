"""The SEO report's permission belongs to cms, which serves the report: ``cms.view_seo_report``.

Every group and user that may open the report under its former name
(``articles.view_seo_report``) is given the new one here; articles.0006 then removes
the former. Reversing gives the former name back to whoever holds the new one.
"""

from django.db import migrations, models

from cms.groups import create_all_permissions, grant_everyone_holding

OLD, NEW = "articles.view_seo_report", "cms.view_seo_report"


def grant_new_to_holders_of_old(apps, schema_editor):
    create_all_permissions(apps)
    grant_everyone_holding(apps, OLD, NEW)


def grant_old_to_holders_of_new(apps, schema_editor):
    create_all_permissions(apps)
    grant_everyone_holding(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_content_generation"),
        ("articles", "0002_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="SeoReportPermission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
            ],
            options={
                "verbose_name": "SEO report",
                "permissions": [("view_seo_report", "Can view the SEO report")],
                "managed": False,
                "default_permissions": [],
            },
        ),
        migrations.RunPython(grant_new_to_holders_of_old, grant_old_to_holders_of_new),
    ]

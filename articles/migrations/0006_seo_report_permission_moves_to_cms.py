"""The SEO report's permission now lives in cms (cms.0007 gave it to everyone holding this one).

Removes the table-less model that held ``articles.view_seo_report``, with its
permission and content type, so no group or user keeps a permission nothing checks.
"""

from django.db import migrations


def remove_old_permission(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Deleting the content type deletes its permission and every grant of it.
    ContentType.objects.filter(app_label="articles", model="seoreportpermission").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_canonical_url_full_address_hint"),
        ("cms", "0007_seo_report_permission"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(remove_old_permission, migrations.RunPython.noop),
        migrations.DeleteModel(name="SeoReportPermission"),
    ]

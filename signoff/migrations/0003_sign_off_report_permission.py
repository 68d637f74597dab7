"""Editors and Medical reviewers may open the sign-off report and pages' sign-off views.

Who can sign off is not a permission: only a user linked to a clinician can, for that
clinician (``signoff.records.clinician_of``).
"""

from django.db import migrations

from cms.groups import create_all_permissions, permission

GROUPS = ("Editors", "Medical reviewers")


def grant(apps, schema_editor):
    create_all_permissions(apps)
    view_signoff = permission(apps, "signoff.view_signoff")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(view_signoff)


class Migration(migrations.Migration):
    dependencies = [("signoff", "0002_record_reviews_typed_before_sign_off"), ("cms", "0008_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

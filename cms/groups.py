"""Helpers for the data migrations that set what the staff groups may do.

The groups (Editors, Medical reviewers, SEO staff) and their permissions are data,
set by migrations so that every database, fresh or years old, ends with the same
matrix. Each such migration names the permissions it grants as they stand at that
point in the history; these helpers only look them up and grant them, taking the
migration's historical ``apps``.
"""

from django.contrib.auth.management import create_permissions


def create_all_permissions(apps):
    """Create content types and permissions now, as ``post_migrate`` would after the last migration.

    A fresh database has none until every migration has run, so a migration that
    grants permissions creates them first.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permission(apps, dotted):
    """The ``Permission`` named ``app_label.codename``."""
    app_label, codename = dotted.split(".")
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_everyone_holding(apps, old, new):
    """Give permission ``new`` to every group and user that holds ``old`` (both dotted names).

    Does nothing when ``old`` does not exist (a database that never had it).
    """
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = old.split(".")
    old_permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if old_permission is None:
        return
    new_permission = permission(apps, new)
    new_permission.group_set.add(*old_permission.group_set.all())
    new_permission.user_set.add(*old_permission.user_set.all())

"""The default workflow and its task are named for the Editors, who review them.

Wagtail names both "Moderators approval", and the edit page's action reads "Submit to
Moderators approval"; here the Editors group reviews that task (cms.0008_groups) and
the Moderators group has no members, so editors were told to submit to nobody. Only the
default names are changed, so a name an administrator chose is kept.
"""

from django.db import migrations

DEFAULT_NAME = "Moderators approval"
NAME = "Editors' approval"


def rename(apps, old, new):
    root_workflows = apps.get_model("wagtailcore", "WorkflowPage").objects.filter(page__depth=1)
    workflow_ids = root_workflows.values("workflow")
    apps.get_model("wagtailcore", "Workflow").objects.filter(pk__in=workflow_ids, name=old).update(name=new)
    apps.get_model("wagtailcore", "Task").objects.filter(
        workflow_tasks__workflow__in=workflow_ids, name=old
    ).update(name=new)


def name_for_editors(apps, schema_editor):
    rename(apps, DEFAULT_NAME, NAME)


def name_for_moderators(apps, schema_editor):
    rename(apps, NAME, DEFAULT_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("treatments", "0006_optional_steps_and_results_clear_labels_one_cta"),
        ("cms", "0008_groups"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(name_for_editors, name_for_moderators)]

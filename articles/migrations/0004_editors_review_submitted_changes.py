"""Editors review the changes others submit for approval.

Wagtail's default workflow, on the root page, sends a change submitted for approval
to its "Moderators approval" task, whose only reviewers are Wagtail's "Moderators"
group. That group has no members here, so a change that SEO staff or a medical
reviewer submitted stayed locked: no editor could approve, edit or publish it. The
groups' matrix (articles.0002_groups, the README) makes Editors the ones who publish
others' changes, so they review every task of the workflows on the root page.
"""

from django.db import migrations


def root_workflow_tasks(apps):
    """The group approval tasks of the workflows given to the root page (Wagtail's default one)."""
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    root_workflows = WorkflowPage.objects.filter(page__depth=1).values("workflow")
    return GroupApprovalTask.objects.filter(workflow_tasks__workflow__in=root_workflows)


def editors_review(apps, schema_editor):
    editors = apps.get_model("auth", "Group").objects.get(name="Editors")
    for task in root_workflow_tasks(apps):
        task.groups.add(editors)


def moderators_alone_review(apps, schema_editor):
    editors = apps.get_model("auth", "Group").objects.get(name="Editors")
    for task in root_workflow_tasks(apps):
        task.groups.remove(editors)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_staff_profile_help_text"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(editors_review, moderators_alone_review)]

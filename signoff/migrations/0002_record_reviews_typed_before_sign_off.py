"""Live pages keep going: their typed reviews are recorded as such, and the workflow asks for sign-off.

Each live page that needs a medical review gets a sign-off record for its live
content, marked as typed before sign-off existed (never as a clinician's), with the
reviewer and dates it showed; an article, which showed none, is recorded as due now.
The sign-off report lists all of them as not signed off by a clinician. The medical
fields are named as they stand at this point in the history.

The workflow on the root page (Wagtail's default, "Editors' approval" here) gets the
Medical sign-off task first, so a change to medical content reaches a clinician before
the editors' final approval publishes it; the workflow keeps a name an administrator
chose, and the default one is renamed for both steps.
"""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

from signoff.medical_content import fingerprint

MEDICAL_FIELDS = {
    ("treatments", "TreatmentPage"): ("title", "summary", "conditions", "schema_type", "body"),
    ("articles", "ArticlePage"): ("title", "intro", "body", "related_treatments", "medical_content"),
}
WORKFLOW_NAMES = ("Editors' approval", "Medical sign-off and editors' approval")
TASK_NAME = "Medical sign-off"


def record_typed_reviews(apps, schema_editor):
    SignOff = apps.get_model("signoff", "SignOff")
    today = timezone.localdate()
    for (app_label, model_name), fields in MEDICAL_FIELDS.items():
        pages = apps.get_model(app_label, model_name).objects.filter(live=True)
        if model_name == "ArticlePage":
            pages = pages.filter(Q(medical_content=True) | Q(related_treatments__isnull=False)).distinct()
        for page in pages.select_related("live_revision", "reviewed_by"):
            if page.live_revision is None:
                continue
            clinician = getattr(page, "reviewed_by", None)
            SignOff.objects.create(
                page_id=page.pk,
                revision=page.live_revision,
                content_fingerprint=fingerprint(page.live_revision.content, fields),
                source="before_sign_off",
                clinician=clinician,
                clinician_name=clinician.name if clinician else "",
                signed_on=page.last_reviewed or today,
                next_review_due=page.next_review_due or today,
            )


def add_sign_off_task(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    task_type, _created = ContentType.objects.get_or_create(app_label="signoff", model="medicalsignofftask")
    for workflow_page in apps.get_model("wagtailcore", "WorkflowPage").objects.filter(page__depth=1):
        workflow = workflow_page.workflow
        task = apps.get_model("signoff", "MedicalSignOffTask").objects.create(
            name=TASK_NAME, content_type=task_type, active=True
        )
        for workflow_task in WorkflowTask.objects.filter(workflow=workflow).order_by("-sort_order"):
            workflow_task.sort_order += 1
            workflow_task.save(update_fields=["sort_order"])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        if workflow.name == WORKFLOW_NAMES[0]:
            workflow.name = WORKFLOW_NAMES[1]
            workflow.save(update_fields=["name"])


def remove_sign_off_task(apps, schema_editor):
    apps.get_model("signoff", "MedicalSignOffTask").objects.all().delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAMES[1]).update(name=WORKFLOW_NAMES[0])


class Migration(migrations.Migration):
    dependencies = [
        ("signoff", "0001_sign_off_records_and_task"),
        ("treatments", "0008_review_fields_come_from_sign_off"),
        ("articles", "0007_articles_are_signed_off_when_medical"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(record_typed_reviews, migrations.RunPython.noop),
        migrations.RunPython(add_sign_off_task, remove_sign_off_task),
    ]

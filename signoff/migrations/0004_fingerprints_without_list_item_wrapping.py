"""Recorded sign-offs' fingerprints computed again, now that list items' wrapping is left out.

The page editor saves a list block's items as ``{"type": "item", "value": ...}``, code
(the demo loader, the WordPress import) as plain values; the fingerprint now reads both
alike (``signoff.medical_content.unwrapped``). A sign-off whose content was saved through
the editor had a fingerprint of the wrapped items; computed again from its revision, it
still matches the content it vouched for. A sign-off without a revision (its revision
deleted) keeps what it has. The medical fields are named as they stand at this point in
the history.
"""

from django.db import migrations

from signoff.medical_content import fingerprint

MEDICAL_FIELDS = {
    ("treatments", "treatmentpage"): ("title", "summary", "conditions", "schema_type", "body"),
    ("articles", "articlepage"): ("title", "intro", "body", "related_treatments", "medical_content"),
}


def recompute_fingerprints(apps, schema_editor):
    SignOff = apps.get_model("signoff", "SignOff")
    sign_offs = SignOff.objects.filter(revision__isnull=False).select_related("revision", "page__content_type")
    for sign_off in sign_offs.iterator():
        content_type = sign_off.page.content_type
        fields = MEDICAL_FIELDS.get((content_type.app_label, content_type.model))
        if fields is None:
            continue
        recomputed = fingerprint(sign_off.revision.content, fields)
        if recomputed != sign_off.content_fingerprint:
            SignOff.objects.filter(pk=sign_off.pk).update(content_fingerprint=recomputed)


class Migration(migrations.Migration):
    dependencies = [("signoff", "0003_sign_off_report_permission")]

    operations = [migrations.RunPython(recompute_fingerprints, migrations.RunPython.noop)]

"""What a clinician is asked to sign off: the medical fields changed since the last signed-off version."""

from dataclasses import dataclass

from wagtail.admin.panels import FieldPanel

from .models import SignOff


@dataclass
class FieldChange:
    label: str
    diff_html: str
    changed: bool


def last_signed_off_revision(page):
    """The newest revision of ``page`` that a sign-off covers, or None for a page never signed off."""
    sign_off = (
        SignOff.objects.filter(page_id=page.pk, revision__isnull=False).select_related("revision").first()
    )
    return sign_off.revision if sign_off else None


def medical_changes(page, revision=None):
    """Each medical field of ``revision`` (default: the latest) against the last signed-off version.

    Uses the comparisons of Wagtail's own "Compare" view, field by field, for the
    page type's ``medical_fields`` only; with no earlier sign-off, against an empty page.
    """
    revision = revision or page.get_latest_revision()
    after = revision.as_object()
    signed = last_signed_off_revision(page)
    before = signed.as_object() if signed else type(page)()
    changes = []
    for name in page.medical_fields:
        comparison_class = FieldPanel(name).bind_to_model(type(page)).get_comparison_class()
        comparison = comparison_class(type(page)._meta.get_field(name), before, after)
        changes.append(FieldChange(comparison.field_label(), comparison.htmldiff(), comparison.has_changed()))
    return changes

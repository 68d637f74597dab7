"""What a clinician is asked to sign off: the medical fields changed since the last signed-off version."""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.compare import StreamBlockComparison
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from .models import SignOff


@dataclass
class FieldChange:
    label: str
    diff_html: str
    changed: bool


def last_signed_off_revision(page):
    """The newest revision of ``page`` that a sign-off covers, or None for a page never signed off."""
    sign_offs = SignOff.objects.filter(page_id=page.pk, revision__isnull=False)
    sign_off = sign_offs.select_related("revision").first()
    return sign_off.revision if sign_off else None


def medical_changes(page, revision=None):
    """Each medical field of ``revision`` (default: the latest) against the last signed-off version.

    Uses the comparisons of Wagtail's own "Compare" view for the page type's
    ``medical_fields`` only; a body is compared section by section, each changed
    section named (say "Body: How often"), so a one-word change in a long page is
    found at once. With no earlier sign-off, everything is compared with an empty page.
    """
    revision = revision or page.get_latest_revision()
    after = revision.as_object()
    signed = last_signed_off_revision(page)
    before = signed.as_object() if signed else type(page)()
    changes = []
    for name in page.medical_fields:
        field = type(page)._meta.get_field(name)
        if isinstance(field, StreamField):
            changes += stream_changes(field, getattr(before, name), getattr(after, name))
            continue
        comparison_class = FieldPanel(name).bind_to_model(type(page)).get_comparison_class()
        comparison = comparison_class(field, before, after)
        changes.append(FieldChange(comparison.field_label(), comparison.htmldiff(), comparison.has_changed()))
    return changes


def stream_changes(field, before, after):
    """One change per section added, removed or edited in a StreamField; one "unchanged" row if none."""
    label = field.verbose_name.capitalize()
    comparisons = StreamBlockComparison(field.stream_block, True, True, before, after).get_block_comparisons()
    changes = []
    for comparison in comparisons:
        section = f"{label}: {comparison.block.label}"
        if comparison.is_new():
            diff = format_html('<div class="addition">{}</div>', comparison.htmlvalue(comparison.val_b))
            changes.append(FieldChange(f"{section} ({_('added')})", diff, True))
        elif comparison.is_deleted():
            diff = format_html('<div class="deletion">{}</div>', comparison.htmlvalue(comparison.val_a))
            changes.append(FieldChange(f"{section} ({_('removed')})", diff, True))
        elif reads_differently(comparison):
            changes.append(FieldChange(section, comparison.htmldiff(), True))
    return changes or [FieldChange(label, "", False)]


def reads_differently(comparison):
    """Whether a section's text differs, not only its markup (the editor adds keys to paragraphs)."""
    return comparison.htmlvalue(comparison.val_a) != comparison.htmlvalue(comparison.val_b)

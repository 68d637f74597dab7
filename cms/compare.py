"""What "Compare" in a page's history counts as a change: content a reader would see, not storage detail.

Wagtail's comparisons compare stored values as they are, so a version that differs
only in how it was stored is listed as changed: StreamField block ids and the keys
the rich text editor adds to paragraphs (``data-block-key``, new ones whenever text
without them passes through it), the order tags and other many-to-many choices come
back in (the database's, or the order the form sent), and times kept to the
microsecond on the live page, to the millisecond in a revision and to the minute by
the admin's date and time field. Reviewing an edit, an Editor then met the whole
body and every tag marked as changed, with the real edit far below. The comparisons
registered here ignore those differences, and a body lists only its sections that
were added, removed, edited or moved.

Registered for every model from ``CmsConfig.ready`` (Wagtail's registry keeps the
last registration for a field class), so snippets' and settings' history compare
alike.
"""

import difflib

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.managers import TaggableManager
from wagtail.admin.compare import (
    FieldComparison,
    M2MFieldComparison,
    RichTextFieldComparison,
    StreamBlockComparison,
    StreamFieldComparison,
    TextDiff,
    register_comparison_class,
)
from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField, StreamField

from signoff.medical_content import without_ids


def stored_content(block, value):
    """``value`` of ``block`` as a revision stores it, less what no reader sees (ids, paragraph keys).

    A stream's sections are each prepared by their block: a stream hands back the stored
    form of a section it has not read yet as it is, perhaps in an older format (lists
    without ids, as demo content and imports have them).
    """
    if isinstance(value, StreamValue):
        return [
            {"type": child.block_type, "value": stored_content(child.block, child.value)} for child in value
        ]
    return without_ids(block.get_prep_value(value))


class ContentRichTextFieldComparison(RichTextFieldComparison):
    """A rich text field is changed when its HTML is, leaving out the editor's paragraph keys."""

    def has_changed(self):
        return without_ids(self.val_a or "") != without_ids(self.val_b or "")


class ContentStreamFieldComparison(StreamFieldComparison):
    """A StreamField is changed when its content is; its diff shows the changed sections only."""

    def has_changed(self):
        block = self.field.stream_block
        return stored_content(block, self.val_a) != stored_content(block, self.val_b)

    def htmldiff(self):
        if self.has_block_ids(self.val_a) and self.has_block_ids(self.val_b):
            return ChangedSectionsComparison(
                self.field.stream_block, True, True, self.val_a, self.val_b
            ).htmldiff()
        return super().htmldiff()


class ChangedSectionsComparison(StreamBlockComparison):
    """A stream's sections that were added, removed, edited or moved, each under its name.

    Sections left as they were are counted in one line, not shown: in a long body a
    one-word edit would otherwise sit among pages of unchanged text.
    """

    def htmldiff(self):
        rows = [row for row in self.section_rows() if row]
        unchanged = len(list(self.val_b)) - sum(1 for row in rows if row[0] != "deletion")
        html = format_html_join(
            "\n", '<div class="comparison__child-object {}"><p><strong>{}</strong></p>{}</div>', rows
        )
        if unchanged:
            note = ngettext(
                "%(count)d unchanged section is not shown.",
                "%(count)d unchanged sections are not shown.",
                unchanged,
            ) % {"count": unchanged}
            html = format_html('{}\n<p class="help">{}</p>', html, note)
        return html

    def section_rows(self):
        """``(css class, heading, diff)`` for each section, None for one left as it was."""
        moved = self.moved_ids()
        kept_ids = iter(self.common_ids(self.val_b, self.val_a))
        for comparison in self.get_block_comparisons():
            label = {"section": comparison.block.label}
            if comparison.is_new():
                yield "addition", _("%(section)s (added)") % label, comparison.htmlvalue(comparison.val_b)
            elif comparison.is_deleted():
                yield "deletion", _("%(section)s (removed)") % label, comparison.htmlvalue(comparison.val_a)
            else:
                was_moved = next(kept_ids) in moved
                block = comparison.block
                if stored_content(block, comparison.val_a) != stored_content(block, comparison.val_b):
                    heading = _("%(section)s (edited and moved)") if was_moved else _("%(section)s (edited)")
                    yield "", heading % label, comparison.htmldiff()
                elif was_moved:
                    yield "", _("%(section)s (moved)") % label, ""
                else:
                    yield None

    @staticmethod
    def common_ids(value, other):
        """The ids of ``value``'s sections that ``other`` has too, in ``value``'s order."""
        other_ids = {child.id for child in other}
        return [child.id for child in value if child.id in other_ids]

    def moved_ids(self):
        """Sections kept in both versions that are not in the longest run kept in the same order."""
        before = self.common_ids(self.val_a, self.val_b)
        after = self.common_ids(self.val_b, self.val_a)
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        in_place = set()
        for start, _after_start, size in matcher.get_matching_blocks():
            in_place.update(before[start : start + size])
        return set(after) - in_place


class UnorderedM2MFieldComparison(M2MFieldComparison):
    """Many-to-many choices compared as a set, listed by name: the order they come back in means nothing."""

    def get_items(self):
        return sorted(self.val_a, key=self.sort_key), sorted(self.val_b, key=self.sort_key)

    def sort_key(self, item):
        return (self.get_item_display(item).casefold(), item.pk or 0)


class UnorderedTagsFieldComparison(UnorderedM2MFieldComparison):
    """Tags compared as a set and shown by name, as editors typed them."""

    def get_item_display(self, tag):
        return tag.name


class MinuteDateTimeFieldComparison(FieldComparison):
    """Times compared to the minute, as the admin's date and time field shows and sets them.

    A live page keeps microseconds, a revision milliseconds, and saving the form keeps
    the minute the field showed: none of that is an editor's change.
    """

    def __init__(self, field, obj_a, obj_b):
        super().__init__(field, obj_a, obj_b)
        self.val_a = to_minute(self.val_a)
        self.val_b = to_minute(self.val_b)

    def htmldiff(self):
        shown_a, shown_b = shown_time(self.val_a), shown_time(self.val_b)
        if self.has_changed():
            return TextDiff([("deletion", shown_a), ("addition", shown_b)]).to_html()
        return escape(shown_a)


def to_minute(moment):
    return moment.replace(second=0, microsecond=0) if moment else moment


def shown_time(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else _("None")


def register_content_comparisons():
    """Make the history's "Compare" use the comparisons above for every model."""
    register_comparison_class(StreamField, comparison_class=ContentStreamFieldComparison)
    register_comparison_class(RichTextField, comparison_class=ContentRichTextFieldComparison)
    register_comparison_class(models.ManyToManyField, comparison_class=UnorderedM2MFieldComparison)
    register_comparison_class(TaggableManager, comparison_class=UnorderedTagsFieldComparison)
    register_comparison_class(models.DateTimeField, comparison_class=MinuteDateTimeFieldComparison)

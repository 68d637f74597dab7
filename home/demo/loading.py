"""The mechanics of loading demo content idempotently: compare, then write only what differs.

Content modules describe the wanted state as plain values (raw StreamField data,
model instances for foreign keys, lists for many-to-many fields, tags and child
relations); ``save_object`` and ``save_page`` look the object up by a natural key,
apply the values, and save (or publish a new revision) only when something
actually changed. Every outcome is recorded in a ``Report``.
"""

from collections import Counter, defaultdict

from django.db.models import ForeignKey
from modelcluster.fields import ParentalKey
from taggit.managers import TaggableManager
from wagtail.fields import StreamField

from signoff.medical_content import without_ids
from signoff.models import MedicalReviewMixin
from signoff.records import sign_off_as_loader

CREATED, UPDATED, UNCHANGED, REMOVED = "created", "updated", "unchanged", "removed"


class Report:
    """What a load did to each object, by kind (a model's plural name) and label.

    An object touched twice keeps its most significant outcome, so a page created
    and then given its links still counts once, as created.
    """

    RANK = {UNCHANGED: 0, UPDATED: 1, CREATED: 2, REMOVED: 3}

    def __init__(self):
        self.outcomes = {}

    def record(self, obj, status):
        key = (str(obj._meta.verbose_name_plural), str(obj))
        if self.RANK[status] >= self.RANK[self.outcomes.get(key, UNCHANGED)]:
            self.outcomes[key] = status

    def summary_lines(self):
        """One line per kind, e.g. 'treatment pages: 1 created, 3 unchanged'."""
        by_kind = defaultdict(Counter)
        for (kind, _label), status in self.outcomes.items():
            by_kind[kind][status] += 1
        return [
            f"{kind}: " + ", ".join(f"{count} {status}" for status, count in counts.items())
            for kind, counts in by_kind.items()
        ]

    def detail_lines(self):
        return [f"{kind}: {label!r} {status}" for (kind, label), status in self.outcomes.items()]


def save_object(model, lookup, values, report):
    """Create or update the ``model`` row found by ``lookup`` so it holds ``values``; return it."""
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup)
    if apply_values(obj, values) or created:
        validate_streams(obj)
        obj.full_clean()
        obj.save()
        report.record(obj, CREATED if created else UPDATED)
    else:
        report.record(obj, UNCHANGED)
    return obj


def save_page(model, parent, slug, values, report):
    """Create or update the ``model`` page at ``slug`` under ``parent``; publish only real changes.

    Wagtail validates the page itself (``full_clean``, so ``clean`` rules apply) when
    it is added and when it is published; StreamField blocks are validated here.
    """
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug)
        apply_values(page, values)
        validate_streams(page)
        parent.add_child(instance=page)
        publish(page)
        report.record(page, CREATED)
    elif apply_values(page, values) or not page.live:
        validate_streams(page)
        publish(page)
        report.record(page, UPDATED)
    else:
        report.record(page, UNCHANGED)
    return page


def publish(page):
    """Publish ``page``'s current state, with the review it holds.

    Medical content is signed off as the loader's, never a person's: again whenever
    its content or its review (reviewer, dates) differs from the sign-off on record.
    """
    revision = page.save_revision(clean=False)
    if isinstance(page, MedicalReviewMixin) and page.needs_medical_review:
        sign_off = page.sign_off_for(revision.content)
        if sign_off is None or not page.shows_review_of(sign_off):
            sign_off_as_loader(page, revision)
    revision.publish()


def apply_values(obj, values):
    """Set each of ``values`` on ``obj`` that differs from what it holds; return the names changed."""
    changed = []
    for name, wanted in values.items():
        field = obj._meta.get_field(name)
        if _comparable(field, wanted) != _comparable(field, _current(obj, field)):
            _assign(obj, field, wanted)
            changed.append(name)
    return changed


def validate_streams(obj):
    """Run each StreamField's block validation (as the admin form would) and keep the cleaned value."""
    for field in obj._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(obj, field.name)
            setattr(obj, field.name, field.stream_block.clean(value))


def _is_child_relation(field):
    return field.one_to_many and isinstance(field.remote_field, ParentalKey)


def _current(obj, field):
    if isinstance(field, TaggableManager) or field.many_to_many or _is_child_relation(field):
        return list(getattr(obj, field.name).all())
    if isinstance(field, ForeignKey):
        return getattr(obj, field.attname)
    return getattr(obj, field.name)


def _comparable(field, value):
    """``value`` (current or wanted) in a form that compares equal when the content is the same."""
    if isinstance(field, StreamField):
        return _stream_content(field, value)
    if isinstance(field, TaggableManager):
        return sorted(str(tag).lower() for tag in value)
    if field.many_to_many:
        return sorted(item.pk for item in value)
    if _is_child_relation(field):
        return [_child_content(child) for child in value]
    if isinstance(field, ForeignKey) and hasattr(value, "pk"):
        return value.pk
    return value


def _assign(obj, field, value):
    if isinstance(field, TaggableManager):
        getattr(obj, field.name).set(value)
    else:
        setattr(obj, field.name, value)


def _stream_content(field, value):
    """A stream's blocks as plain data without the block ids Wagtail generates."""
    stream = field.to_python(value) if isinstance(value, list) else value
    return without_ids(
        [{"type": child.block_type, "value": child.block.get_prep_value(child.value)} for child in stream]
    )


def _child_content(child):
    """A child row's own field values: not its id, parent link or position."""
    return tuple(
        getattr(child, field.attname)
        for field in child._meta.concrete_fields
        if not (field.primary_key or isinstance(field, ParentalKey) or field.name == "sort_order")
    )

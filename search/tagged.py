"""The tags of the kinds of page that carry them, read from the tags' own tables."""

import operator
from collections import defaultdict
from functools import reduce

from django.db.models import Q

from .result_types import MODEL_TYPES


def tag_ids_of(page_pks):
    """{page pk: frozenset of its tags' ids} for these pages, one query per kind of page with tags."""
    if not page_pks:
        return {}
    found = defaultdict(set)
    for kind in MODEL_TYPES:
        pairs = kind.model.tags.through.objects.filter(content_object_id__in=page_pks)
        for page_pk, tag_id in pairs.values_list("content_object_id", "tag_id"):
            found[page_pk].add(tag_id)
    return {page_pk: frozenset(ids) for page_pk, ids in found.items()}


def tagged_with(tag):
    """A filter for pages of any kind tagged ``tag``."""
    return reduce(operator.or_, (Q(pk__in=pks) for pks in tagged_pks(tag)))


def tagged_pks(tag):
    """Querysets of the primary keys of the pages tagged ``tag``, one per kind of page with tags.

    Read from the tags' own tables, with no join to the pages.
    """
    through_models = (kind.model.tags.through for kind in MODEL_TYPES)
    return [through.objects.filter(tag=tag).values("content_object_id") for through in through_models]

"""The tags of the kinds of page that carry them, read from the tags' own tables.

Which page models carry tags is read from the models themselves (``tag_through_models``),
so a new page type with tags is filtered and counted by tag without being named here.
"""

import operator
from collections import defaultdict
from functools import reduce

from django.db.models import Q
from wagtail.models import Page

from tags.housekeeping import tagged_model, tagging_models


def tag_through_models():
    """The models linking a kind of page to its tags: the taggit item models (``TaggedItemBase``) of pages."""
    return [item for item in tagging_models() if issubclass(tagged_model(item) or object, Page)]


def tagged_page_models():
    """The page models with tags of their own, one per ``tag_through_models()``."""
    return [tagged_model(through) for through in tag_through_models()]


def tag_ids_of(page_pks):
    """{page pk: frozenset of its tags' ids} for these pages, one query per kind of page with tags."""
    if not page_pks:
        return {}
    found = defaultdict(set)
    for through in tag_through_models():
        pairs = through.objects.filter(content_object_id__in=page_pks)
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
    return [through.objects.filter(tag=tag).values("content_object_id") for through in tag_through_models()]

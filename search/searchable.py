"""The pages a search may show: live, public and, among results, not already promoted."""

from dataclasses import dataclass

from django.db.models import Q
from wagtail.models import Page

from .tagged import tagged_with


def live_pages(model=Page, private=None):
    """Live pages of ``model`` anyone may see; ``private`` reuses a ``Page.objects.private_q()``."""
    private = Page.objects.private_q() if private is None else private
    return model.objects.live().exclude(private)


@dataclass(frozen=True)
class Searchable:
    """The pages a search may show: live, public and not already promoted."""

    private: Q
    promoted: list

    def pages(self, model=Page):
        queryset = live_pages(model, self.private)
        return queryset.exclude(pk__in=self.promoted) if self.promoted else queryset

    def narrowed(self, kind, tag):
        queryset = self.pages().specific().defer_streamfields()
        if kind:
            queryset = kind.narrow(queryset)
        if tag:
            queryset = queryset.filter(tagged_with(tag))
        return queryset

"""The kinds of result visitors can filter by (treatments, articles, other pages) and what a result shows."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page

from articles.models import ArticlePage
from treatments.models import TreatmentPage

from .backends.faceted import of_content_types


@dataclass(frozen=True)
class ResultType:
    """A kind of result visitors can filter by: a treatment, an article or any other page."""

    key: str
    label: str
    name: str
    model: type = None

    def matches(self, page_class):
        if self.model is None:
            return not any(issubclass(page_class, kind.model) for kind in MODEL_TYPES)
        return issubclass(page_class, self.model)

    def narrow(self, queryset):
        """``queryset`` restricted to this kind of page."""
        if self.model is None:
            return queryset.not_type(*(kind.model for kind in MODEL_TYPES))
        return queryset.type(self.model)

    def content_types_condition(self):
        """Search matches of this kind of page, by their content types (see ``narrow``)."""
        if self.model is None:
            others = [pk for kind in MODEL_TYPES for pk in get_descendants_content_types_pks(kind.model)]
            return of_content_types(others, exclude=True)
        return of_content_types(get_descendants_content_types_pks(self.model))


#: The kinds with a page model of their own: the key is the ``type=`` parameter, the labels
#: the filter's and a result's, so they are named here rather than read from the models.
#: They are exactly the page models with tags (system check search.E003); their models
#: declare ``index.FilterField("tags")`` so that search backends can count results per tag.
MODEL_TYPES = (
    ResultType("treatment", _("Treatments"), _("Treatment"), TreatmentPage),
    ResultType("article", _("Articles"), _("Article"), ArticlePage),
)
#: Every kind, in display order.
RESULT_TYPES = (*MODEL_TYPES, ResultType("page", _("Other pages"), _("Page")))


def result_type_of(page_class):
    return next(kind for kind in RESULT_TYPES if kind.matches(page_class))


def summary_of(page):
    """The plain-text summary shown under a result's title."""
    describe = getattr(page, "get_meta_description", None)
    return describe() if describe else page.search_description


@dataclass(frozen=True)
class Hit:
    """One search result: a live page and its kind."""

    page: Page
    kind: ResultType

    @classmethod
    def for_page(cls, page):
        return cls(page, result_type_of(type(page)))

    @property
    def summary(self):
        return summary_of(self.page)

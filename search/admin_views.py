"""Admin views for SEO staff: the search report, and prefilled forms to act on a failing query."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.contrib.search_promotions.views import CreateView as SearchPromotionCreateView
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import EditView as SnippetEditView

from .models import SearchQueryStat
from .suggestions import ReportAdvisor
from .text import MAX_TERMS, display_text, singular

REPORT_PERMISSION = "search.view_searchquerystat"
REPORT_PERIODS = (7, 30)
REPORT_ROWS = 50
SYNONYM_URL_NAMESPACE = "wagtailsnippets_search_synonymgroup"
SYNONYM_ADD_URL_NAME = f"{SYNONYM_URL_NAMESPACE}:add"


def query_links(query_string):
    """Where to act on one query: see its results, add a synonym, promote a page."""
    return {
        "search_url": with_query(reverse("search:search"), q=query_string),
        "synonym_url": with_query(reverse(SYNONYM_ADD_URL_NAME), terms=query_string),
        "promotion_url": with_query(reverse("search_promote"), query=query_string),
    }


def with_query(url, **params):
    """``url`` with ``params``; a list value repeats its parameter (``terms=a&terms=b``)."""
    return f"{url}?{urlencode(params, doseq=True)}"


def suggestion_link(suggestion):
    """Join the near word's synonym group, or start a group of the typed word and the near one."""
    if suggestion.group:
        return with_query(
            reverse(f"{SYNONYM_URL_NAMESPACE}:edit", args=[suggestion.group.pk]), add=suggestion.typed
        )
    return with_query(reverse(SYNONYM_ADD_URL_NAME), terms=[suggestion.typed, suggestion.word])


def advice_links(advice):
    """The report's labels and suggestions for one query's ``QueryAdvice``, with where each leads."""
    synonym_list_url = reverse(f"{SYNONYM_URL_NAMESPACE}:list")
    promoted = advice.promoted
    return {
        "suggestions": [{"suggestion": item, "url": suggestion_link(item)} for item in advice.suggestions],
        "unknown_words": advice.unknown,
        "synonym_terms": [
            # The listing matches text within the terms, so the singular finds a term in either number.
            {"term": term, "url": with_query(synonym_list_url, q=" ".join(map(singular, term.split())))}
            for term in advice.synonym_terms
        ],
        "promotions": promoted and promoted.count,
        "promotions_url": promoted and reverse("wagtailsearchpromotions:edit", args=[promoted.query_id]),
    }


def with_links(rows, advisor, suggest=False):
    """The report's rows with links to act on each query and, if ``suggest``, synonyms to add."""
    return [
        {
            **row,
            **query_links(row["query_string"]),
            **advice_links(advisor.advise(row["query_string"], suggest=suggest)),
        }
        for row in rows
    ]


class SearchReportView(WagtailAdminTemplateMixin, TemplateView):
    """The most frequent queries and the queries that found nothing, over the last 7 or 30 days."""

    template_name = "search/admin/search_report.html"
    page_title = _("Site search")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def period(self):
        days = self.request.GET.get("days", "")
        return int(days) if days in {str(option) for option in REPORT_PERIODS} else REPORT_PERIODS[0]

    def get_context_data(self, **kwargs):
        days = self.period()
        stats = SearchQueryStat.objects.last_days(days)
        advisor = ReportAdvisor.load()
        return super().get_context_data(
            days=days,
            periods=REPORT_PERIODS,
            top_queries=with_links(stats.top()[:REPORT_ROWS], advisor),
            failing_queries=with_links(stats.failing()[:REPORT_ROWS], advisor, suggest=True),
            **kwargs,
        )


class SearchReportMenuItem(MenuItem):
    """Listed under Reports for those who may open the search report."""

    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


def terms_from(values):
    """Terms from a link's parameters as the synonym form's lines: cleaned, blank ones left out."""
    return "\n".join(filter(None, map(display_text, values[:MAX_TERMS])))


class PrefilledSynonymCreateView(SnippetCreateView):
    """The 'add synonyms' form, with each ``?terms=`` from the search report as a line."""

    def get_initial(self):
        return {**super().get_initial(), "terms": terms_from(self.request.GET.getlist("terms"))}


class PrefilledSynonymEditView(SnippetEditView):
    """A synonym group's form, with ``?add=`` from the search report as a new last line."""

    def get_initial(self):
        added = terms_from(self.request.GET.getlist("add"))
        if not added:
            return super().get_initial()
        return {**super().get_initial(), "terms": f"{self.object.terms}\n{added}"}


class PrefilledPromotionCreateView(SearchPromotionCreateView):
    """Wagtail's 'add promoted result' form, with ``?query=`` from the search report filled in."""

    def get_initial(self):
        return {**super().get_initial(), "query_string": display_text(self.request.GET.get("query", ""))}

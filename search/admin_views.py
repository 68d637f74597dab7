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

from .models import SearchQueryStat
from .text import display_text

REPORT_PERMISSION = "search.view_searchquerystat"
REPORT_PERIODS = (7, 30)
REPORT_ROWS = 50
SYNONYM_ADD_URL_NAME = "wagtailsnippets_search_synonymgroup:add"


def query_links(query_string):
    """Where to act on one query: see its results, add a synonym, promote a page."""
    return {
        "search_url": with_query(reverse("search:search"), q=query_string),
        "synonym_url": with_query(reverse(SYNONYM_ADD_URL_NAME), terms=query_string),
        "promotion_url": with_query(reverse("search_promote"), query=query_string),
    }


def with_query(url, **params):
    return f"{url}?{urlencode(params)}"


def with_links(rows):
    return [{**row, **query_links(row["query_string"])} for row in rows]


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
        return super().get_context_data(
            days=days,
            periods=REPORT_PERIODS,
            top_queries=with_links(stats.top()[:REPORT_ROWS]),
            failing_queries=with_links(stats.failing()[:REPORT_ROWS]),
            **kwargs,
        )


class SearchReportMenuItem(MenuItem):
    """Listed under Reports for those who may open the search report."""

    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


class PrefilledSynonymCreateView(SnippetCreateView):
    """The 'add synonyms' form, with ``?terms=`` from the search report as the first line."""

    def get_initial(self):
        return {**super().get_initial(), "terms": display_text(self.request.GET.get("terms", ""))}


class PrefilledPromotionCreateView(SearchPromotionCreateView):
    """Wagtail's 'add promoted result' form, with ``?query=`` from the search report filled in."""

    def get_initial(self):
        return {**super().get_initial(), "query_string": display_text(self.request.GET.get("query", ""))}

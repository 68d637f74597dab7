"""Admin registration for site search: synonyms, the search report, prefilled promotions."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import (
    PrefilledPromotionCreateView,
    PrefilledSynonymCreateView,
    PrefilledSynonymEditView,
    SearchReportMenuItem,
    SearchReportView,
)
from .models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    """Groups of words that mean the same to visitors; searching one finds pages using the others."""

    model = SynonymGroup
    icon = "list-ul"
    menu_label = _("Search synonyms")
    menu_order = 260
    add_to_admin_menu = True
    add_view_class = PrefilledSynonymCreateView
    edit_view_class = PrefilledSynonymEditView
    list_display = ["__str__", "note"]
    search_fields = ["terms", "note"]


register_snippet(SynonymGroupViewSet)


@hooks.register("register_admin_urls")
def register_search_admin_urls():
    return [
        path("reports/site-search/", SearchReportView.as_view(), name="search_report"),
        path("searchpicks/add-for-query/", PrefilledPromotionCreateView.as_view(), name="search_promote"),
    ]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(_("Site search"), reverse("search_report"), icon_name="search", order=910)


@hooks.register("construct_reports_menu")
def hide_wagtail_search_terms_report(request, menu_items):
    """Wagtail's own "Search terms" report: the same hits as ours, but not the searches that found nothing."""
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]


@hooks.register("register_permissions")
def register_search_report_permission():
    app_label, codename = "search", "view_searchquerystat"
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)

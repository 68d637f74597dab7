"""Admin registration for the site-wide models: the clinician snippet, and the SEO report."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import Clinician
from cms.seo import SeoReportMenuItem, SeoReportView


class ClinicianViewSet(SnippetViewSet):
    """Clinicians who review pages and write articles, listed by name with their role."""

    model = Clinician
    icon = "user"
    menu_label = _("Clinicians")
    list_display = ["name", "role", "credentials"]
    search_fields = ["name", "role"]


register_snippet(ClinicianViewSet)


@hooks.register("register_admin_urls")
def register_seo_report_url():
    return [path("reports/seo/", SeoReportView.as_view(), name="cms_seo_report")]


@hooks.register("register_reports_menu_item")
def register_seo_report_menu_item():
    return SeoReportMenuItem(_("SEO report"), reverse("cms_seo_report"), icon_name="search", order=900)

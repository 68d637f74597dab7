"""The SEO report: what SEO staff should fix in pages' metadata and images' alt text.

Its page sections are the page checks of ``cms.page_checks``, run on every live page
search engines may index: the editor's Checks panel runs the same ones. Built in a
fixed number of queries, whatever the number of pages: one per page type for the live
pages, one for the clinic names their titles end with (and the sites, unless cached),
one each for the images and the pages they show or link to, one for the image library.
Opening it takes the ``cms.view_seo_report`` permission (held by the table-less
``SeoReportPermission``); the SEO staff and Medical reviewers groups have it. Medical
reviews due are in the sign-off report (``signoff.views``).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models.functions import Trim
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from cms.models import ClinicSettings
from cms.visibility import public

PERMISSION = "cms.view_seo_report"
TITLE_SEPARATOR = " | "
TITLE_MAX_LENGTH = 60
DESCRIPTION_MAX_LENGTH = 160


@dataclass
class Problem:
    """One row of the report: what is wrong, where it is, and where to fix it."""

    label: str
    detail: str
    edit_url: str
    object: object = None


@dataclass
class Section:
    key: str
    heading: str
    explanation: str
    problems: list = field(default_factory=list)


def document_title(page=None, clinic_name="", headline=None):
    """The text of a page's ``<title>``: what browser tabs, bookmarks and search results show.

    - the page's SEO title when it has one, used as it is: its help text promises
      editors that it is the headline shown in search results;
    - otherwise the page title followed by " | <clinic name>", unless the title
      already contains the clinic name (the home page, for instance).

    ``headline`` replaces the page title for a template that names its own document
    (``{% block title %}``: "Search", "Page not found", "Articles about migraine");
    it gets the clinic name in the same way. ``base.html`` prints this (through the
    ``document_title`` tag) and the SEO report measures it, so the two always agree.
    """
    if headline is None:
        seo_title = (getattr(page, "seo_title", "") or "").strip()
        if seo_title:
            return seo_title
        headline = page.title if page is not None else ""
    headline, clinic_name = headline.strip(), (clinic_name or "").strip()
    if not headline or not clinic_name:
        return headline or clinic_name
    if clinic_name.casefold() in headline.casefold():
        return headline
    return f"{headline}{TITLE_SEPARATOR}{clinic_name}"


def clinic_names_by_page(pages):
    """Each page's clinic name (from the clinic details of the site it belongs to), by page id.

    One query for the clinic details, whatever the number of pages or sites; a page
    outside every site gets no clinic name.
    """
    root_paths = Site.get_site_root_paths()  # the most specific first
    names = dict(ClinicSettings.objects.values_list("site_id", "name"))
    by_page = {}
    for page in pages:
        sites = (root.site_id for root in root_paths if page.url_path.startswith(root.root_path))
        by_page[page.pk] = names.get(next(sites, None), "")
    return by_page


def effective_description(page):
    """The meta description printed for the page, including the summary fallback of ``SeoMixin``."""
    getter = getattr(page, "get_meta_description", None)
    return ((getter() if getter else page.search_description) or "").strip()


def indexable_pages(bodies=True):
    """Live, public pages that search engines may index, each as its specific type (bodies optional)."""
    pages = public(Page.objects.live()).filter(depth__gt=1).specific().order_by("path")
    if not bodies:
        pages = pages.defer_streamfields()
    return [page for page in pages if not getattr(page, "no_index", False)]


def page_problem(page, detail):
    return Problem(page.title, detail, reverse("wagtailadmin_pages:edit", args=[page.pk]), page)


def page_check_sections(pages):
    """One section per page check (``cms.page_checks``), listing the problems of ``pages``.

    Titles are compared among ``pages`` themselves: they are all the live pages search
    engines see.
    """
    # Imported here: the page checks measure titles and descriptions with this module.
    from cms.page_checks import PAGE_CHECKS, CheckContext, check_page

    sections = {check.key: Section(check.key, check.heading, check.explanation) for check in PAGE_CHECKS}
    context = CheckContext.for_pages(pages, live_pages=pages)
    for page in pages:
        for check, problems in check_page(page, context):
            sections[check.key].problems.extend(page_problem(page, problem.detail) for problem in problems)
    return list(sections.values())


def library_images_without_alt_text():
    section = Section(
        "missing-alt-text",
        _("Images without alt text"),
        _("Describe each image for people who cannot see it (and for image search)."),
    )
    images = get_image_model().objects.annotate(alt_text=Trim("description")).filter(alt_text="")
    section.problems = [
        Problem(image.title, _("No alt text"), reverse("wagtailimages:edit", args=[image.pk]), image)
        for image in images.order_by("title")
    ]
    return section


def build_report():
    """Every section of the report, in the order shown."""
    return [*page_check_sections(indexable_pages()), library_images_without_alt_text()]


class SeoReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cms/seo_report.html"
    page_title = _("SEO report")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=build_report(), **kwargs)


class SeoReportMenuItem(MenuItem):
    """Listed under Reports for those who may open the report."""

    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)

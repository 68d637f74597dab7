"""The SEO report: what SEO staff should fix in pages' metadata and images' alt text.

Built in a fixed number of queries, whatever the number of pages: one per page type
for the live pages, one for the clinic names their titles end with (and the sites,
unless cached), one for images. Opening it takes the ``cms.view_seo_report``
permission (held by the table-less ``SeoReportPermission``); the SEO staff and
Medical reviewers groups have it. Medical reviews due are in the sign-off report
(``signoff.views``).
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


def indexable_pages():
    """Live, public pages that search engines may index, each as its specific type, bodies not loaded."""
    pages = Page.objects.live().public().filter(depth__gt=1).defer_streamfields().specific().order_by("path")
    return [page for page in pages if not getattr(page, "no_index", False)]


def page_problem(page, detail):
    return Problem(page.title, detail, reverse("wagtailadmin_pages:edit", args=[page.pk]), page)


def metadata_sections(pages):
    """Missing and over-long descriptions, over-long titles and duplicate titles among ``pages``."""
    missing = Section(
        "missing-description",
        _("Pages without a description"),
        _("No search description and no summary or introduction to fall back on."),
    )
    long_titles = Section(
        "long-title",
        _("Titles over %(max)d characters") % {"max": TITLE_MAX_LENGTH},
        _(
            "Counted as the page's title shows in browser tabs and search results: its SEO title, "
            "else its title followed by ' | ' and the clinic name. Search engines cut long ones short. "
            "Set a shorter SEO title on the Promote tab; it is shown exactly as typed."
        ),
    )
    long_descriptions = Section(
        "long-description",
        _("Descriptions over %(max)d characters") % {"max": DESCRIPTION_MAX_LENGTH},
        _("Search engines cut them short. Write a shorter search description on the Promote tab."),
    )
    duplicates = Section(
        "duplicate-title",
        _("Duplicate titles"),
        _("Pages sharing a title compete with each other. Give each its own SEO title."),
    )
    by_title = {}
    clinic_names = clinic_names_by_page(pages)
    for page in pages:
        title = document_title(page, clinic_names[page.pk])
        description = effective_description(page)
        by_title.setdefault(title.casefold(), []).append(page)
        if not description:
            missing.problems.append(page_problem(page, _("No description")))
        elif len(description) > DESCRIPTION_MAX_LENGTH:
            long_descriptions.problems.append(
                page_problem(page, _("%(count)d characters") % {"count": len(description)})
            )
        if len(title) > TITLE_MAX_LENGTH:
            long_titles.problems.append(
                page_problem(
                    page, _("%(count)d characters: %(title)s") % {"count": len(title), "title": title}
                )
            )
    for same_title in by_title.values():
        if len(same_title) > 1:
            duplicates.problems.extend(
                page_problem(
                    page, _("Same title as %(count)d other page(s)") % {"count": len(same_title) - 1}
                )
                for page in same_title
            )
    return [missing, long_titles, long_descriptions, duplicates]


def images_without_alt_text():
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
    return [*metadata_sections(indexable_pages()), images_without_alt_text()]


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

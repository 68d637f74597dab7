"""Wagtail hooks for site-wide pieces: the clinician snippet, SEO report, bulk publish, page fragments."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms import (  # noqa: F401 (their hooks: the bulk SEO editor, publishing SEO changes)
    page_checks_hooks,
    seo_editor,
    seo_publishing,
)
from cms.image_permissions import can_change_beyond_alt_text
from cms.mail import mail_failed_this_request
from cms.models import Clinician
from cms.page_parameters import query_for_page
from cms.publishing import bulk_publish_problems
from cms.seo import SeoReportMenuItem, SeoReportView
from cms.templatetags.page_fragments import fragment_state
from cms.workflow_approval import page_viewset


class ClinicianColumnsMixin:
    """The chooser lists each clinician's credentials and role beside the name, to tell them apart."""

    @property
    def columns(self):
        return [
            *super().columns,
            Column("credentials", label=_("Credentials")),
            Column("role", label=_("Role")),
        ]


class ClinicianChooseView(ClinicianColumnsMixin, ChooseView):
    pass


class ClinicianChooseResultsView(ClinicianColumnsMixin, ChooseResultsView):
    pass


class ClinicianChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ClinicianChooseView
    choose_results_view_class = ClinicianChooseResultsView


class ClinicianViewSet(SnippetViewSet):
    """Clinicians who review pages and write articles, listed by name with their role."""

    model = Clinician
    chooser_viewset_class = ClinicianChooserViewSet
    icon = "user"
    menu_label = _("Clinicians")
    list_display = ["name", "role", "credentials"]
    search_fields = ["name", "role"]
    # In the table: SQLite's search index cannot restrict autocomplete to chosen fields.
    search_backend_name = None


register_snippet(ClinicianViewSet)


@hooks.register("register_admin_urls")
def register_seo_report_url():
    return [path("reports/seo/", SeoReportView.as_view(), name="cms_seo_report")]


@hooks.register("register_reports_menu_item")
def register_seo_report_menu_item():
    return SeoReportMenuItem(_("SEO report"), reverse("cms_seo_report"), icon_name="search", order=900)


@hooks.register("before_bulk_action")
def refuse_to_bulk_publish_incomplete_pages(request, action_type, objects, action):
    """Bulk "Publish" publishes nothing when any chosen draft could not be published on its own."""
    if action_type != "publish" or action.model._meta.label != "wagtailcore.Page":
        return None
    include_descendants = action.cleaned_form.cleaned_data.get("include_descendants", False)
    problems = bulk_publish_problems(objects, include_descendants)
    if not problems:
        return None
    details = "; ".join(
        f"“{page.get_admin_display_title()}”: {' '.join(found)}" for page, found in problems.items()
    )
    messages.error(
        request,
        _("Nothing was published: open these pages, complete them and publish them. %(details)s")
        % {"details": details},
    )
    return redirect(action.next_url)


@hooks.register("register_admin_viewset")
def register_page_views_checking_workflow_approval():
    """Every page type's admin views, whose workflow "Approve" refuses a page that cannot go live."""
    return page_viewset


@hooks.register("before_serve_page")
def read_fragment_state_first(page, request, serve_args, serve_kwargs):
    """Note the content generation before the page reads its content (cms/templatetags/page_fragments.py).

    Read at the first fragment instead, a publish committed while the page was loading
    would store content read before it under the generation after it, for good.
    """
    if settings.FRAGMENT_CACHE_ENABLED:
        fragment_state(request)


@hooks.register("before_serve_page")
def show_the_page_only_its_parameters(page, request, serve_args, serve_kwargs):
    """A page sees only the query parameters its type reads (cms/page_parameters.py).

    So what it shows is decided by the parameters the page cache keys it on, and a
    campaign's tracking parameters never reach the links it builds from the current URL.
    """
    request.GET = query_for_page(page, request.GET)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_when_notification_mail_failed(request, page):
    """Tell the editor when the mail their save sent (approval requests, comment notifications) failed.

    The save itself succeeded (cms/mail.py); only the people who should have been told were not.
    """
    if mail_failed_this_request():
        messages.warning(
            request,
            _(
                "The site could not send its notification emails, so the people who review or "
                "follow this page have not been told. The failure has been logged: tell them "
                "yourself, or ask an administrator to check the mail settings."
            ),
        )


@hooks.register("before_bulk_action")
def refuse_image_bulk_changes_beyond_alt_text(request, action_type, objects, action):
    """Bulk tagging or moving images changes nothing for users who may change only alt text.

    Deleting is refused by the image permission policy (cms/image_permissions.py).
    """
    if action.model._meta.label != settings.WAGTAILIMAGES_IMAGE_MODEL or action_type == "delete":
        return None
    if all(can_change_beyond_alt_text(request.user, image) for image in objects):
        return None
    messages.error(request, _("Nothing was changed: as SEO staff you can change only images' alt text."))
    return redirect(action.next_url)

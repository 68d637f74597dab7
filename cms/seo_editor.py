"""The bulk SEO editor: live pages' titles and descriptions in one table, edited in place and published.

Each row shows a page's title, its SEO title, search description and canonical URL,
how long its title and description are as search results show them, and the
problems the page checks (``cms.page_checks``, the same as the SEO report's) find in
it; the table narrows to a page type or a problem. Saving publishes each changed row
as a new revision through ``cms.seo_publishing.publish_seo_change``, the same rule as
the edit page's Publish: the row changes SEO fields only, so it goes live without a
workflow, and a treatment's sign-off stays valid since its medical content is
unchanged.

A row is saved on top of what is live, and only if that is still what the table
showed: a page changed since the table was loaded, or with a draft not yet live
(someone's unfinished work, or a change waiting for approval), is refused with a
message and left as it is, so the editor never publishes someone else's draft nor
buries it under a newer revision. A row's field errors are shown on the row and the
other rows are saved; what was typed stays in the table. Over-long titles and
descriptions are warnings in the problems column, not errors.

Built in a fixed number of queries whatever the number of pages: one per page type
for the pages (and again for the live titles the duplicate check compares with), and
a few for what the checks share. Opening it takes ``cms.publish_seo_changes`` (SEO
staff and Editors); each page also needs the user's edit permission.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page, get_page_models
from wagtail.permissions import policy_registry

from cms.models import SeoMixin
from cms.page_checks import PAGE_CHECKS, CheckContext, check_page
from cms.seo import (
    DESCRIPTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    document_title,
    effective_description,
    indexable_pages,
)
from cms.seo_publishing import PERMISSION, SeoPublishRefused, publish_seo_change

EDITED_FIELDS = ("seo_title", "search_description", "canonical_url")
ROWS_PER_PAGE = 50


def seo_page_models():
    """Page types with every field the table edits, by label."""
    return {model._meta.label_lower: model for model in get_page_models() if issubclass(model, SeoMixin)}


class FilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Page type"), required=False)
    problem = forms.ChoiceField(label=_("Problem"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = sorted(
            (label, str(model._meta.verbose_name).capitalize()) for label, model in seo_page_models().items()
        )
        self.fields["type"].choices = [("", _("All page types")), *types]
        self.fields["problem"].choices = [
            ("", _("Any or none")),
            ("any", _("Any problem")),
            *((check.key, check.heading) for check in PAGE_CHECKS),
        ]


#: A search description longer than this is no description: search results show about 160
#: characters (``DESCRIPTION_MAX_LENGTH``), and over that is only a warning, up to here.
DESCRIPTION_FORM_LIMIT = 1000

no_control_characters = RegexValidator(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]",
    _("Remove the control characters (invisible characters pasted with the text)."),
    inverse_match=True,
)


class RowForm(forms.Form):
    """One page's SEO fields, checked as the page's fields check them; ``revision``: what the table showed.

    Each field also sends, hidden, the value the table showed (``show_hidden_initial``):
    a row counts as changed only where the user typed something, not where the page
    changed since the table was loaded.
    """

    revision = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in EDITED_FIELDS:
            if name == "canonical_url":
                field = SeoMixin._meta.get_field(name).formfield(assume_scheme="https")
            else:
                field = Page._meta.get_field(name).formfield()
            field.show_hidden_initial = True
            field.validators.append(no_control_characters)
            self.fields[name] = field
        description = self.fields["search_description"]
        description.max_length = DESCRIPTION_FORM_LIMIT
        description.validators.append(MaxLengthValidator(DESCRIPTION_FORM_LIMIT))
        description.widget.attrs["rows"] = 3


class Row:
    """A page in the table: its form, lengths and problems."""

    def __init__(self, page, form, context):
        self.page = page
        self.form = form
        self.title = document_title(page, context.clinic_names.get(page.pk, ""))
        self.description = effective_description(page)
        self.checks = [(check, problems) for check, problems in check_page(page, context) if problems]
        self.problems = [problem for _check, problems in self.checks for problem in problems]
        self.result = None

    @property
    def title_too_long(self):
        return len(self.title) > TITLE_MAX_LENGTH

    @property
    def description_too_long(self):
        return len(self.description) > DESCRIPTION_MAX_LENGTH

    @property
    def check_keys(self):
        return {check.key for check, _problems in self.checks}


def row_form(page, data=None):
    initial = {name: getattr(page, name) or "" for name in EDITED_FIELDS}
    initial["revision"] = str(page.latest_revision_id or "")
    return RowForm(data, prefix=f"page-{page.pk}", initial=initial)


def editable_live_pages(user):
    """The live pages ``user`` may edit whose type has SEO fields, each specific, in tree order."""
    editable = policy_registry.get_by_type(Page).instances_user_has_any_permission_for(user, ["change"])
    return list(editable.live().type(*seo_page_models().values()).specific().order_by("path"))


def build_rows(pages, data=None):
    context = CheckContext.for_pages(pages, live_pages=indexable_pages(bodies=False))
    return [Row(page, row_form(page, data), context) for page in pages]


def refusal(page, form, user):
    """Why a changed row cannot be saved now, or None."""
    if not page.permissions_for_user(user).can_edit():
        return _("You may not edit this page.")
    lock = page.get_lock()
    if lock and lock.for_user(user):
        return _("This page is locked; nothing was changed.")
    if form.cleaned_data["revision"] != str(page.latest_revision_id or ""):
        return _(
            "This page was changed since you loaded the table, so your change was not saved. "
            "Reload the table to see it as it is now, then make your change again."
        )
    if page.has_unpublished_changes:
        return _(
            "This page has a draft that is not live yet, so your change was not saved: publishing "
            "it here would publish that draft too, or hide it. Change this page in its editor."
        )
    return None


def save_row(page, form, user):
    """Publish ``form``'s SEO fields on top of ``page`` as it is live; raise ``SeoPublishRefused`` if not."""
    reason = refusal(page, form, user)
    if reason:
        raise SeoPublishRefused(reason)
    with transaction.atomic():
        draft = page.get_latest_revision_as_object()
        for name in EDITED_FIELDS:
            setattr(draft, name, form.cleaned_data[name])
        revision = draft.save_revision(user=user, log_action=True, clean=False)
        publish_seo_change(Page.objects.get(pk=page.pk).specific, revision, user)


class SeoEditorView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cms/seo_editor.html"
    page_title = _("Bulk SEO editor")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        self.filters = FilterForm(request.GET)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def chosen(self):
        return self.filters.cleaned_data if self.filters.is_valid() else {"type": "", "problem": ""}

    def filtered(self, rows):
        chosen = self.chosen()
        if chosen["type"]:
            rows = [row for row in rows if row.page._meta.label_lower == chosen["type"]]
        if chosen["problem"] == "any":
            rows = [row for row in rows if row.problems]
        elif chosen["problem"]:
            rows = [row for row in rows if chosen["problem"] in row.check_keys]
        return rows

    def get_context_data(self, rows=None, **kwargs):
        if rows is None:
            rows = build_rows(editable_live_pages(self.request.user))
        listing = Paginator(self.filtered(rows), ROWS_PER_PAGE).get_page(self.request.GET.get("p"))
        return super().get_context_data(
            filters=self.filters,
            listing=listing,
            rows=listing.object_list,
            title_max=TITLE_MAX_LENGTH,
            description_max=DESCRIPTION_MAX_LENGTH,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        pages = editable_live_pages(request.user)
        posted = {str(pk) for pk in request.POST.getlist("pages")}
        rows = build_rows(pages, request.POST)
        saved, failed = [], []
        for row in rows:
            if str(row.page.pk) not in posted or not set(EDITED_FIELDS) & set(row.form.changed_data):
                continue
            if not row.form.is_valid():
                failed.append(row)
                continue
            try:
                save_row(row.page, row.form, request.user)
            except SeoPublishRefused as refused:
                row.result = str(refused)
                failed.append(row)
            else:
                saved.append(row)
        if saved:
            messages.success(
                request,
                _("Published: %(titles)s.")
                % {"titles": ", ".join(f"“{row.page.get_admin_display_title()}”" for row in saved)},
            )
        if not failed:
            if not saved:
                messages.info(request, _("Nothing was changed."))
            query = request.GET.urlencode()
            return redirect(reverse("cms_seo_editor") + (f"?{query}" if query else ""))
        messages.error(
            request,
            ngettext(
                "%(count)d page was not saved; the reason is on its row, with what you typed.",
                "%(count)d pages were not saved; the reasons are on their rows, with what you typed.",
                len(failed),
            )
            % {"count": len(failed)},
        )
        # Rows saved are shown as they are now; the failed ones keep what was typed.
        fresh = {row.page.pk: row for row in build_rows(editable_live_pages(request.user))}
        failed_ids = {row.page.pk for row in failed}
        shown = [row if row.page.pk in failed_ids else fresh.get(row.page.pk, row) for row in rows]
        return self.render_to_response(self.get_context_data(rows=shown))


class SeoEditorMenuItem(MenuItem):
    """Listed under Reports, beside the SEO report, for those who may use it."""

    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_seo_editor_url():
    return [path("reports/seo/editor/", SeoEditorView.as_view(), name="cms_seo_editor")]


@hooks.register("register_reports_menu_item")
def register_seo_editor_menu_item():
    return SeoEditorMenuItem(_("Bulk SEO editor"), reverse("cms_seo_editor"), icon_name="search", order=901)

"""Who may publish a change that touches only a page's SEO fields, and the one place that does it.

SEO staff hold ``cms.publish_seo_changes`` but not Wagtail's page publish permission.
That permission would also let them unpublish, delete live pages, set page privacy,
reorder menus and publish through the admin API, routes with no hook to hold them
back; so Wagtail's own checks keep refusing them everywhere, and this module adds the
only two ways they publish: the edit page's Publish (``after_edit_page`` below, the
same button for every page type and for a revision being restored) and the bulk SEO
editor (``cms.seo_editor``). Both go through ``publish_seo_change``, which publishes a
revision only when it differs from what is live in ``cms.seo_fields.SEO_FIELDS`` and
nothing else; any other change is kept as a draft for an Editor (and, for medical
content, a clinician) through the workflow.

Fields are compared as the editor's form has them (every field and inline panel of the
page type's edit form), read from the live page and from the revision the way
``signoff.medical_content`` reads medical content, so block ids and the rich text
editor's paragraph keys do not count as changes. The go-live time is not content: an
SEO-only change may be scheduled. Publishing validates the page as live, so a
treatment keeps its sign-off and its review line exactly when its medical content is
unchanged, which an SEO-only change guarantees.
"""

import datetime
import json

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import PublishMenuItem
from wagtail.models import Page

from cms.publishing import publish_problems, validation_problems
from cms.seo_fields import SEO_FIELDS
from signoff.medical_content import medical_values

PERMISSION = "cms.publish_seo_changes"

#: Form entries that are not the page's content: Wagtail's comments and their
#: notifications, and the go-live time (publishing at a later time is still publishing).
NOT_CONTENT = frozenset({"wagtail_admin_comments", "comment_notifications", "go_live_at"})


class SeoPublishRefused(Exception):
    """Why a change was not published; its message is for the person who asked."""


def may_publish_seo_changes(user):
    return user.is_active and user.has_perm(PERMISSION)


def compared_fields(page_class):
    """Every non-SEO entry of ``page_class``'s edit form: its fields, then its inline panels."""
    form_class = page_class.get_edit_handler().get_form_class()
    names = [*form_class._meta.fields, *(getattr(form_class._meta, "formsets", None) or {})]
    return [name for name in names if name not in SEO_FIELDS and name not in NOT_CONTENT]


def live_content(page):
    """What visitors see of ``page``, as a revision stores it: its row (drafts are only in revisions)."""
    return type(page).objects.get(pk=page.pk).serializable_data()


def non_seo_changes(page, content):
    """The labels of the fields in which ``content`` (a revision's) differs from ``page`` as it is live."""
    page_class = type(page)
    fields = compared_fields(page_class)
    live = _comparable(page_class, medical_values(live_content(page), fields))
    draft = _comparable(page_class, medical_values(content, fields))
    return [_label(page_class, name) for name in fields if live[name] != draft[name]]


def _comparable(page_class, values):
    """Each value as canonical JSON: inline panel rows without ids, times to the minute the form shows,
    line ends as browsers send them."""
    return {
        name: json.dumps(
            _without_row_ids(_to_the_minute(page_class, name, value)), sort_keys=True, default=str
        ).replace("\\r\\n", "\\n")
        for name, value in values.items()
    }


def _to_the_minute(page_class, name, value):
    try:
        is_time = isinstance(page_class._meta.get_field(name), models.DateTimeField)
    except LookupError:
        is_time = False
    moment = parse_datetime(value) if is_time and isinstance(value, str) else value
    if is_time and isinstance(moment, datetime.datetime):
        return moment.astimezone(datetime.UTC).replace(second=0, microsecond=0).isoformat()
    return value


def _without_row_ids(value):
    """Inline panel rows (``[{"pk": ...}, ...]``) without their primary keys, which a revert renews."""
    if isinstance(value, list) and all(isinstance(row, dict) and "pk" in row for row in value):
        return [{key: item for key, item in row.items() if key != "pk"} for row in value]
    return value


def _label(page_class, name):
    try:
        field = page_class._meta.get_field(name)
    except LookupError:
        return name
    model = field.related_model if field.one_to_many else None
    label = model._meta.verbose_name_plural if model else field.verbose_name
    return str(label).capitalize()


def refusal_for(page, revision):
    """Why ``revision`` cannot be published as an SEO change, or None if it can."""
    if not page.live:
        return _(
            "“%(title)s” is not live, so publishing it is more than an SEO change: submit it to the "
            "workflow for an editor to publish."
        ) % {"title": page.get_admin_display_title()}
    changed = non_seo_changes(page, revision.content)
    if changed:
        return _(
            "“%(title)s” was saved as a draft, not published: besides SEO fields it changes "
            "%(fields)s (perhaps in someone else's unpublished draft), and an editor approves such "
            "changes. Submit it to the workflow, or undo those changes and publish again."
        ) % {"title": page.get_admin_display_title(), "fields": get_text_list(changed, _("and"))}
    if not page.live_revision_id and revision.as_object().go_live_at:
        return _(
            "“%(title)s” was saved as a draft, not scheduled: Wagtail would take it offline until then. "
            "Publish it now, or ask an editor to schedule it."
        ) % {"title": page.get_admin_display_title()}
    problems = publish_problems(page)
    if problems:
        return _("“%(title)s” was saved as a draft, not published: it cannot go live yet. %(problems)s") % {
            "title": page.get_admin_display_title(),
            "problems": " ".join(problems),
        }
    return None


def publish_seo_change(page, revision, user):
    """Publish ``revision`` of ``page`` (specific, live) for ``user``, or raise ``SeoPublishRefused``.

    ``revision`` must be the page's latest. Like Wagtail's Publish, it cancels a workflow
    in progress and, with a go-live time in the future, schedules instead.
    """
    if not may_publish_seo_changes(user):
        raise SeoPublishRefused(_("You may not publish changes to this page."))
    refusal = refusal_for(page, revision)
    if refusal:
        raise SeoPublishRefused(refusal)
    try:
        with transaction.atomic():
            revision.publish(user=user, changed=True, skip_permission_checks=True)
    except ValidationError as error:
        raise SeoPublishRefused(" ".join(validation_problems(type(page), error))) from error


class PublishSeoChangesMenuItem(PublishMenuItem):
    """Wagtail's Publish button, for those who may publish only SEO changes (Editors have Wagtail's own).

    It posts the same ``action-publish``, which Wagtail's edit view treats as saving a
    draft for someone without publish permission; ``publish_seo_changes_on_save`` then
    publishes that draft if it changes SEO fields only.
    """

    def is_shown(self, context):
        if context["view"] not in ("edit", "revisions_revert") or context["locked_for_user"]:
            return False
        user = context["request"].user
        return (
            may_publish_seo_changes(user) and not self.get_user_page_permissions_tester(context).can_publish()
        )


@hooks.register("register_page_action_menu_item")
def register_publish_seo_changes_menu_item():
    return PublishSeoChangesMenuItem(order=30)


@hooks.register("after_edit_page")
def publish_seo_changes_on_save(request, page):
    """Publish the draft just saved, when its author chose Publish and may publish it as an SEO change."""
    if not request.POST.get("action-publish") or not request.accepts("text/html"):
        return None  # not Publish, or an autosave
    if page.permissions_for_user(request.user).can_publish() or not may_publish_seo_changes(request.user):
        return None
    page = Page.objects.get(pk=page.pk).specific
    revision = page.get_latest_revision()
    try:
        publish_seo_change(page, revision, request.user)
    except SeoPublishRefused as refused:
        messages.error(request, str(refused))
        return redirect("wagtailadmin_pages:edit", page.pk)
    revision.refresh_from_db()
    if revision.approved_go_live_at:
        message = _("“%(title)s” will be published at the time you set.")
    else:
        message = _("“%(title)s” has been published.")
    messages.success(request, message % {"title": page.get_admin_display_title()})
    return redirect(_next_url(request) or reverse("wagtailadmin_explore", args=[page.get_parent().pk]))


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return None


@hooks.register("register_permissions")
def register_seo_publishing_permission():
    """Listed among a group's other permissions, to give or take it in Settings > Groups."""
    return Permission.objects.filter(content_type__app_label="cms", codename="publish_seo_changes")

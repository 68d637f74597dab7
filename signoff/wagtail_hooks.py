"""Admin registration for medical sign-off: its views, the report's menu item and its history entries."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from .views import PERMISSION, PageSignOffView, SignOffReportView


class SignOffReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_sign_off_urls():
    return [
        path("reports/medical-sign-off/", SignOffReportView.as_view(), name="signoff_report"),
        path("pages/<int:page_id>/medical-sign-off/", PageSignOffView.as_view(), name="signoff_page"),
    ]


@hooks.register("register_reports_menu_item")
def register_sign_off_report_menu_item():
    return SignOffReportMenuItem(
        _("Medical sign-off"), reverse("signoff_report"), icon_name="clipboard-list", order=910
    )


@hooks.register("register_log_actions")
def register_sign_off_log_action(actions):
    @actions.register_action("signoff.signed_off")
    class SignedOffFormatter(LogFormatter):
        label = _("Medical sign-off")

        def format_message(self, log_entry):
            data = log_entry.data
            message = _("Medical content signed off by %(who)s; next review due %(due)s") % {
                "who": data.get("clinician") or _("no one (recorded by the system)"),
                "due": data.get("next_review_due", "?"),
            }
            if data.get("comment"):
                message += f": “{data['comment']}”"
            return message


@hooks.register("construct_homepage_panels")
def add_reviews_due_panel(request, panels):
    from .dashboard import reviews_due_panel

    panel = reviews_due_panel(request.user)
    if panel is not None:
        panels.append(panel)

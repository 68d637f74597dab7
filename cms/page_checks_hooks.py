"""Wagtail hooks for the page checks in the editor's Checks side panel (``cms.page_checks_panel``)."""

from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks

from cms.page_checks_panel import PageChecksView


@hooks.register("register_admin_urls")
def register_page_checks_url():
    return [path("pages/<int:page_id>/page-checks/", PageChecksView.as_view(), name="cms_page_checks")]


@hooks.register("insert_editor_js")
def page_checks_script():
    return format_html('<script src="{}" defer></script>', static("js/page-checks.js"))

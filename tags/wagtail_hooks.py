"""Admin registration for tags: the tag list with usage counts, rename, merge, delete unused (modeladmin)."""

from django.contrib import admin
from django.urls import re_path
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from .admin_views import (
    DeleteUnusedTagView,
    MergeTagsView,
    TagButtonHelper,
    TagForm,
    TagIndexView,
    TagURLHelper,
)
from .housekeeping import tagged_model, tagging_models, usage_count_name, with_usage_counts


def usage_column(model):
    """A list column counting the objects of ``model`` that carry each tag, sortable."""
    name = usage_count_name(model)

    @admin.display(description=capfirst(model._meta.verbose_name_plural), ordering=name)
    def column(tag):
        return getattr(tag, name)

    column.__name__ = name
    return column


def usage_columns():
    """One column per model with a tagging model of its own (articles, treatments), by label."""
    models = (tagged_model(through) for through in tagging_models())
    columns = [usage_column(model) for model in models if model is not None]
    return sorted(columns, key=lambda column: str(column.short_description))


class TagAdmin(ModelAdmin):
    """Every tag with how often it is used; rename, merge, and delete unused tags."""

    model = Tag
    menu_label = _("Tags")
    menu_icon = "tag"
    menu_order = 250
    search_fields = ("name",)
    ordering = ("name",)
    list_per_page = 50
    edit_handler = ObjectList([FieldPanel("name"), FieldPanel("regenerate_slug")], base_form_class=TagForm)
    index_template_name = "tags/admin/tag_index.html"
    index_view_class = TagIndexView
    delete_view_class = DeleteUnusedTagView
    button_helper_class = TagButtonHelper
    url_helper_class = TagURLHelper

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Named attributes, as modeladmin names a column's cells after its attribute.
        columns = usage_columns()
        for column in columns:
            setattr(self, column.__name__, column)
        self.model_usage_columns = [column.__name__ for column in columns]

    def get_list_display(self, request):
        """Name, slug, a count per tagged model, and the total (images and documents included)."""
        return ("name", "slug", *self.model_usage_columns, "usage_count")

    def get_queryset(self, request):
        return with_usage_counts(super().get_queryset(request))

    @admin.display(description=_("All uses (with images and documents)"), ordering="usage_count")
    def usage_count(self, tag):
        return tag.usage_count

    def merge_view(self, request):
        return MergeTagsView.as_view(model_admin=self)(request)

    def get_admin_urls_for_registration(self):
        merge = re_path(
            self.url_helper.get_action_url_pattern("merge"),
            self.merge_view,
            name=self.url_helper.get_action_url_name("merge"),
        )
        return (*super().get_admin_urls_for_registration(), merge)


modeladmin_register(TagAdmin)

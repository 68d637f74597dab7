"""Admin registration for articles: staff authors (snippet) and tag management (modeladmin)."""

from django.contrib import admin
from django.urls import re_path
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from .models import StaffAuthor
from .tag_admin import (
    DeleteUnusedTagView,
    MergeTagsView,
    TagButtonHelper,
    TagForm,
    TagIndexView,
    TagURLHelper,
)
from .tags import with_usage_counts


class StaffAuthorViewSet(SnippetViewSet):
    """Members of staff who write articles, listed by name with their role."""

    model = StaffAuthor
    icon = "user"
    menu_label = _("Staff authors")
    list_display = ["name", "role"]
    search_fields = ["name", "role"]
    # Searched in the table, not the search index: the index does not hold "role", and
    # SQLite's cannot restrict autocomplete to chosen fields at all.
    search_backend_name = None


class TagAdmin(ModelAdmin):
    """Every tag with how often it is used; rename, merge, and delete unused tags."""

    model = Tag
    menu_label = _("Tags")
    menu_icon = "tag"
    menu_order = 250
    list_display = ("name", "slug", "article_count", "treatment_count", "usage_count")
    search_fields = ("name",)
    ordering = ("name",)
    list_per_page = 50
    edit_handler = ObjectList([FieldPanel("name"), FieldPanel("regenerate_slug")], base_form_class=TagForm)
    index_template_name = "articles/admin/tag_index.html"
    index_view_class = TagIndexView
    delete_view_class = DeleteUnusedTagView
    button_helper_class = TagButtonHelper
    url_helper_class = TagURLHelper

    def get_queryset(self, request):
        return with_usage_counts(super().get_queryset(request))

    @admin.display(description=_("Articles"), ordering="article_count")
    def article_count(self, tag):
        return tag.article_count

    @admin.display(description=_("Treatments"), ordering="treatment_count")
    def treatment_count(self, tag):
        return tag.treatment_count

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


register_snippet(StaffAuthorViewSet)
modeladmin_register(TagAdmin)

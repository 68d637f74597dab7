"""The record of what was imported from WordPress, listed read-only under Settings."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import ImportedItem


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Records are written by the import alone: people may look, not add, change or delete."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(["view"] if "view" in actions else [])


class ImportedItemViewSet(ModelViewSet):
    model = ImportedItem
    icon = "download"
    menu_label = _("WordPress import")
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["__str__", "kind", "page", "image", "imported_at"]
    list_filter = ["kind"]
    search_fields = ["wp_id"]
    ordering = ["wp_id"]
    # No one reaches the form (the policy refuses it); a model view set must still name its fields.
    form_fields = ["content_hash"]


register_permission_policy(ImportedItem, ViewOnlyPolicy(ImportedItem))


@hooks.register("register_admin_viewset")
def register_imported_items():
    return ImportedItemViewSet("wordpress_import")

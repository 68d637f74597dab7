"""What SEO staff may do to an image already in the library: change its alt text, nothing else.

Replacing an image's file, or changing its crop (focal point), title, tags or
collection, changes the live pages that show it with no approval, and so does deleting
it. The "SEO staff" group (cms/migrations/0008_groups.py) has Wagtail's
``change_image`` permission so that its members can improve alt text; when that group
is a user's only power to change an image, the edit form keeps the alt text field
alone, so a posted file or title is ignored by the server (in the edit view and in the
bulk uploader's per-image form alike), and deleting is refused. Editors, superusers,
and SEO staff who are editors too, keep every power Wagtail gives them.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupCollectionPermission
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from cms.media_forms import ImageForm as StorageCheckedImageForm

SEO_STAFF = "SEO staff"
ALT_TEXT_ONLY = _(
    "As SEO staff you can change only the alt text. Ask an editor to replace the file "
    "or to change anything else."
)


def can_change_beyond_alt_text(user, image):
    """Whether something other than the SEO staff group lets ``user`` change ``image``.

    Mirrors Wagtail's rule for images: ``change_image`` on the image's collection (or
    an ancestor), or ``add_image`` there for an image the user uploaded.
    """
    if user.is_superuser:
        return True
    codenames = ["change_image"]
    if image.uploaded_by_user_id == user.pk:
        codenames.append("add_image")
    return GroupCollectionPermission.objects.filter(
        group__in=user.groups.exclude(name=SEO_STAFF),
        permission__content_type__app_label="wagtailimages",
        permission__codename__in=codenames,
        collection__in=image.collection.get_ancestors(inclusive=True),
    ).exists()


class ImageForm(StorageCheckedImageForm):
    """The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE), down to the alt text for SEO staff."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk and user is not None and not can_change_beyond_alt_text(user, self.instance):
            for name in [name for name in self.fields if name != "description"]:
                del self.fields[name]
            alt_text = self.fields["description"]
            alt_text.help_text = f"{alt_text.help_text} {ALT_TEXT_ONLY}"


class ImagePermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's image permission policy, except that SEO staff may not delete images."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if "delete" in actions and not can_change_beyond_alt_text(user, instance):
            actions = [action for action in actions if action != "delete"]
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from cms.storage_failures import renditions_or_missing_source


def optional_image(verbose_name, help_text):
    """A link to a library image that may be left empty, and is emptied if the image is deleted."""
    return models.ForeignKey(
        "cms.CustomImage",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


class CustomImage(AbstractImage):
    """An image whose alt text (Wagtail's ``description``) is required."""

    description = models.CharField(
        _("alt text"),
        max_length=255,
        help_text=_(
            "Describe the image for people who cannot see it, "
            "e.g. 'Clinician marking injection points on a patient's forehead'."
        ),
    )

    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def get_rendition(self, filter):
        with renditions_or_missing_source(self):
            return super().get_rendition(filter)

    def get_renditions(self, *filters):
        """The renditions for ``filters`` ({spec: rendition}), each size and format once.

        An image smaller than the largest size asked for comes out at its own size for
        several specs; a ``srcset`` may list each width only once (the HTML standard), so
        ``{% srcset_image %}`` gets the first spec of each size.
        """
        with renditions_or_missing_source(self):
            renditions = super().get_renditions(*filters)
        distinct = {}
        for spec, rendition in renditions.items():
            distinct.setdefault(
                (rendition.width, rendition.height, rendition.file.name.rsplit(".", 1)[-1]), (spec, rendition)
            )
        return dict(distinct.values())


class Rendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    @property
    def is_stand_in(self):
        """Whether Wagtail's image tags made this in place of a rendition that could not be made.

        Their stand-in (``wagtail.images.shortcuts``) is the one rendition with no pixels.
        """
        return not self.width

    def img_tag(self, extra_attributes=None):
        """The ``<img>`` element; nothing for a stand-in, so a page shows no broken image."""
        return "" if self.is_stand_in else super().img_tag(extra_attributes)

"""What the WordPress importer brought in, so a second run updates, skips or leaves alone.

One record per WordPress item of one site: the hash of the item as it was imported,
the page or image made from it, and the page's revision the import saved. A page
whose latest revision is another one has been edited since, and is not overwritten.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    POST, ATTACHMENT = "post", "attachment"

    source = models.CharField(
        _("WordPress site"), max_length=255, help_text=_("The exported site's address.")
    )
    wp_id = models.PositiveBigIntegerField(_("WordPress ID"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=[(POST, _("post")), (ATTACHMENT, _("attachment"))]
    )
    content_hash = models.CharField(_("content hash"), max_length=64)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress item")
        verbose_name_plural = _("imported WordPress items")
        constraints = [
            models.UniqueConstraint(fields=["source", "wp_id"], name="wpimport_one_record_per_item")
        ]

    def __str__(self):
        return f"{self.source} #{self.wp_id}"

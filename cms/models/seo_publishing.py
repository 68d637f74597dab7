"""The permission to publish changes confined to SEO fields (``cms.seo_publishing``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SeoPublishingPermission(models.Model):
    """No table: holds ``cms.publish_seo_changes``, as ``SeoReportPermission`` holds the report's."""

    class Meta:
        managed = False
        default_permissions = []
        permissions = [("publish_seo_changes", _("Can publish changes to SEO fields only"))]
        verbose_name = _("SEO publishing")

    def __str__(self):
        return str(self._meta.verbose_name)

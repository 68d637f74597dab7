"""The permission to open the SEO report (``cms.seo``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SeoReportPermission(models.Model):
    """No table: holds ``cms.view_seo_report``, as Wagtail's ``Admin`` model holds ``access_admin``."""

    class Meta:
        managed = False
        default_permissions = []
        permissions = [("view_seo_report", _("Can view the SEO report"))]
        verbose_name = _("SEO report")

    def __str__(self):
        return str(self._meta.verbose_name)

"""Stored page parts: HTML rendered from one page's published content, kept in the database."""

from django.db import models
from wagtail.models import Page


class StoredPart(models.Model):
    """A part of a page as last rendered (cms/stored_parts.py), served while its ``version`` holds.

    ``variant`` is what else the HTML was rendered for (site address and language);
    ``version`` a digest of what it was rendered from (``cms.stored_parts.part_version``).
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=40)
    variant = models.CharField(max_length=255)
    version = models.CharField(max_length=64)
    html = models.TextField()
    stored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "name", "variant"], name="unique_stored_part")]

    def __str__(self):
        return f"{self.name} of page {self.page_id}"

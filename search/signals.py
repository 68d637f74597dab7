"""Keeping the search index current where Wagtail's own signal handlers fall short."""

from django.dispatch import receiver
from wagtail.search import index
from wagtail.signals import page_published


@receiver(page_published)
def reindex_published_page(sender, instance, **kwargs):
    """Index a page again once publishing has saved its tags and other many-to-many fields.

    Wagtail indexes a page on ``post_save``, which django-modelcluster sends before it
    writes the page's child relations and ``ParentalManyToManyField`` values; without
    this a newly added tag or condition would stay out of the index until the next save.
    """
    index.insert_or_update_object(instance.specific)

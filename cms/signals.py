"""Purge the page cache whenever what visitors see may have changed.

Policy: forget every cached page at once, on any of these events:

- a page is published (including scheduled publishing), unpublished, moved or deleted;
- a page's privacy changes (a view restriction is added, edited or removed), so a
  cached public copy of a newly private page is never served;
- an editor changes content that pages display without being pages themselves:
  snippets (clinicians, conditions, authors), site settings (clinic details in the
  header and footer), images (alt text, focal point), tags, and sites.

Why everything rather than the changed URL: one change reaches many pages (breadcrumbs
and navigation, listings, the home page, related articles through shared tags, feeds,
reviewers' profiles), several through queries whose answers the change itself moves,
so a narrower purge cannot be made exact; docs/caching.md lists them.

The purge is a database write in the same transaction as the change (cms/cache.py): it
takes effect when the change commits, and is undone if it rolls back.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.contrib.settings.models import AbstractSetting
from wagtail.images.models import AbstractImage
from wagtail.models import Page, Site
from wagtail.models.view_restrictions import BaseViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from cms.cache import purge_page_cache

CONTENT_SHOWN_ON_PAGES = (AbstractImage, AbstractSetting, BaseViewRestriction, Site, Tag)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def purge_on_page_change(sender, **kwargs):
    purge_page_cache()


@receiver(post_delete)
def purge_on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) or is_shown_on_pages(sender):
        purge_page_cache()


@receiver(post_save)
def purge_on_content_save(sender, **kwargs):
    """Pages themselves are left out: saving a draft changes nothing a visitor sees."""
    if is_shown_on_pages(sender):
        purge_page_cache()


def is_shown_on_pages(model):
    return issubclass(model, CONTENT_SHOWN_ON_PAGES) or model in get_snippet_models()

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

Stored page parts (cms/stored_parts.py) show one page's own content and,
of other pages, only their title, address, place and whether they are live and in the
menu, and more of other pages only through a listing whose version names them. So
every event above retires them too, except a publish that leaves those as they were:
the common edit of a page's copy re-renders that page's parts and the listings naming
it.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.contrib.settings.models import AbstractSetting
from wagtail.images.models import AbstractImage
from wagtail.models import Page, Site
from wagtail.models.view_restrictions import BaseViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from cms.cache import purge_page_cache
from cms.models import StoredPart

CONTENT_SHOWN_ON_PAGES = (AbstractImage, AbstractSetting, BaseViewRestriction, Site, Tag)
#: What other pages' stored parts may show of a page (cms/stored_parts.py).
SHOWN_BEYOND_THE_PAGE = ("title", "slug", "url_path", "live", "show_in_menus")


@receiver(page_published)
def purge_on_publish(sender, **kwargs):
    purge_page_cache()


@receiver(page_unpublished)
@receiver(post_page_move)
def purge_on_page_change(sender, **kwargs):
    purge_page_cache(stored_parts=True)


#: What changes with each publish: listings' versions name a page by these (cms/stored_parts.py).
PUBLICATION = ("live_revision_id", "last_published_at")


@receiver(pre_save)
def note_what_a_page_save_changes(sender, instance, update_fields=None, **kwargs):
    """Whether this save changes what other pages may show of the page, noted for ``after_page_save``.

    They may show its title, address, place and live state; and through a listing, its
    content as of its last publish. So a full save of a live page that is not a publish
    (an import's or a script's) counts too: it changes content without changing the
    publication listings name it by.
    """
    if not isinstance(instance, Page):
        return
    fields = [name for name in SHOWN_BEYOND_THE_PAGE if update_fields is None or name in update_fields]
    if update_fields is None:
        fields += PUBLICATION
    saved = Page.objects.filter(pk=instance.pk).values(*fields).first() if instance.pk and fields else None
    if not fields:
        instance._changes_other_pages = False
    elif saved is None:  # a new page
        instance._changes_other_pages = bool(instance.live)
    else:
        changed = {name for name in fields if saved[name] != getattr(instance, name)}
        published = bool(changed & set(PUBLICATION))
        saved_behind_publishing = update_fields is None and instance.live and not published
        instance._changes_other_pages = bool(changed - set(PUBLICATION)) or saved_behind_publishing


@receiver(post_save)
def after_page_save(sender, instance, **kwargs):
    """A saved page's stored parts are deleted; other pages' retired if it changes what they show."""
    if not isinstance(instance, Page):
        return
    StoredPart.objects.filter(page_id=instance.pk).delete()
    if getattr(instance, "_changes_other_pages", True):
        purge_page_cache(stored_parts=True)


@receiver(post_delete)
def purge_on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) or is_shown_on_pages(sender):
        purge_page_cache(stored_parts=True)


@receiver(post_save)
def purge_on_content_save(sender, **kwargs):
    """Pages are handled by ``after_page_save``: saving a draft changes nothing a visitor sees."""
    if is_shown_on_pages(sender):
        purge_page_cache(stored_parts=True)


def is_shown_on_pages(model):
    return issubclass(model, CONTENT_SHOWN_ON_PAGES) or model in get_snippet_models()

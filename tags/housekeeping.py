"""Tag housekeeping for SEO staff: usage counts, rename, merge, and deleting only unused tags.

Tags are django-taggit's ``Tag``, shared by articles, treatments, images and documents.
Each of those records its taggings in a "through" model (a ``TaggedItemBase``
subclass, or taggit's generic ``TaggedItem``). Everything here finds those models
from taggit's relations, so it covers every tagged model, a new one included, and no
tagging is ever left pointing at a tag that is gone. Unpublished page drafts keep
their tags inside revisions, so those are followed too.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, IntegerField, ManyToOneRel, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from taggit.models import ItemBase, Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site
from wagtail.search import index

from articles.models import ArticleIndexPage

#: The slug of a tag whose name has no letters or digits.
FALLBACK_SLUG = "tag"


def tagging_models():
    """Every model that records taggings: one row per tagged object and tag."""
    return [
        relation.related_model
        for relation in Tag._meta.related_objects
        if isinstance(relation, ManyToOneRel) and issubclass(relation.related_model, ItemBase)
    ]


def tagged_model(through):
    """The model whose objects ``through`` tags, or None for a generic one (taggit's ``TaggedItem``)."""
    return through._meta.get_field("content_object").related_model


def usage_count_name(model):
    """The annotation ``with_usage_counts`` gives the count of ``model``'s objects carrying a tag."""
    return f"{model._meta.app_label}_{model._meta.model_name}_count"


def _owner_fields(through):
    """The columns of a tagging row that identify the tagged object (everything but its id and tag)."""
    return [
        field.attname
        for field in through._meta.concrete_fields
        if not field.primary_key and field.name != "tag"
    ]


def _usage(through):
    taggings = through.objects.filter(tag=OuterRef("pk")).order_by().values("tag").annotate(count=Count("pk"))
    return Coalesce(Subquery(taggings.values("count"), output_field=IntegerField()), 0)


def with_usage_counts(tags):
    """``tags`` annotated with ``usage_count`` (every tagging) and a count per tagged model.

    Each model with a tagging model of its own (articles, treatments) gets its count
    under ``usage_count_name(model)``; images and documents share taggit's generic
    ``TaggedItem`` and count only towards the total.
    """
    total, per_model = Value(0), {}
    for through in tagging_models():
        usage = _usage(through)
        total = total + usage
        if tagged_model(through) is not None:
            per_model[usage_count_name(tagged_model(through))] = usage
    return tags.annotate(**per_model, usage_count=total)


def _drafts_using(tag_ids):
    """Latest revisions of pages with unpublished changes whose tags include any of ``tag_ids``."""
    tag_ids = set(tag_ids)
    drafts = Page.objects.filter(has_unpublished_changes=True, latest_revision__isnull=False).select_related(
        "latest_revision"
    )
    return [
        page.latest_revision
        for page in drafts
        if any(item.get("tag") in tag_ids for item in page.latest_revision.content.get("tagged_items", []))
    ]


def is_in_use(tag):
    """Whether anything is tagged with ``tag``, counting unpublished drafts."""
    return any(through.objects.filter(tag=tag).exists() for through in tagging_models()) or bool(
        _drafts_using([tag.pk])
    )


def unique_slug(tag, name):
    """A slug for ``name`` that no other tag uses, as taggit makes them ('name', 'name_1', ...).

    A name without letters or digits ('!!!') gets the slug 'tag' (then 'tag_1' ...),
    so that every tag has a listing address.
    """
    base = tag.slugify(name) or FALLBACK_SLUG
    slug, n = base, 1
    while Tag.objects.exclude(pk=tag.pk).filter(slug=slug).exists():
        slug, n = f"{base}_{n}", n + 1
    return slug


def ensure_slug(sender, instance, **kwargs):
    """``pre_save`` for tags: give a tag whose name makes no slug ('!!!') one anyway.

    Taggit saves such a tag with an empty slug, which no listing URL can hold;
    this applies to tags made anywhere (the tag admin, a page's tag field, code).
    """
    if not instance.slug:
        instance.slug = unique_slug(instance, instance.name)


@transaction.atomic
def rename_tag(tag, name, regenerate_slug=False):
    """Give ``tag`` a new name; its slug (and so its listing URL) stays unless ``regenerate_slug``.

    When the slug does change, the old tag listing URLs redirect permanently to the new ones.
    """
    old_slug = tag.slug
    tag.name = name
    if regenerate_slug:
        tag.slug = unique_slug(tag, name)
    tag.save()
    if tag.slug != old_slug:
        _redirect_tag_listings(old_slug, tag.slug)
    _reindex(_tagged_objects([tag.pk]))


def _redirect_tag_listings(old_slug, new_slug):
    """Redirect every article index's listing for ``old_slug`` permanently to its listing for ``new_slug``.

    Earlier redirects to the old listing (from an earlier rename or merge) are pointed
    straight at the new one, so visitors never follow a chain, and no redirect is left
    on the new listing's own address.
    """
    for article_index in ArticleIndexPage.objects.live():
        url_parts = article_index.get_url_parts()
        if url_parts is None:
            continue
        site_id, _root_url, page_path = url_parts
        old_route = article_index.reverse_subpage("tag", kwargs={"tag_slug": old_slug})
        new_route = article_index.reverse_subpage("tag", kwargs={"tag_slug": new_slug})
        Redirect.objects.filter(
            redirect_page=article_index,
            redirect_page_route_path=Redirect.normalise_page_route_path(old_route),
        ).update(redirect_page_route_path=Redirect.normalise_page_route_path(new_route))
        Redirect.objects.filter(
            site_id=site_id,
            old_path__in=[Redirect.normalise_path(page_path + route) for route in (old_route, new_route)],
        ).delete()
        Redirect.add_redirect(
            page_path + old_route,
            redirect_to=article_index,
            page_route_path=new_route,
            site=Site.objects.get(pk=site_id),
        )


@dataclass(frozen=True)
class MergeCount:
    """What a merge does to tagged objects: how many gain the target, how many already had it."""

    gained: int
    already: int


def _merge_rows(through, source_ids, target):
    """For one tagging model: the rows to move to ``target``, the rows to drop, and the owners who had it.

    An object tagged with several sources keeps one row (moved, or dropped if it
    already carries ``target``), so nothing is tagged twice. ``target`` None is a tag
    still to be made, which nothing carries yet.
    """
    owner = _owner_fields(through)
    had_target = set(through.objects.filter(tag=target).values_list(*owner)) if target else set()
    seen, move, drop, already = set(had_target), [], [], set()
    for pk, *key in through.objects.filter(tag_id__in=source_ids).values_list("pk", *owner):
        key = tuple(key)
        (drop if key in seen else move).append(pk)
        seen.add(key)
        if key in had_target:
            already.add(key)
    return move, drop, len(already)


def _sources_other_than(sources, target):
    return [tag for tag in sources if target is None or tag.pk != target.pk]


def merge_count(sources, target):
    """What ``merge_tags(sources, target)`` would do, changing nothing (``target`` None: a new tag)."""
    source_ids = [tag.pk for tag in _sources_other_than(sources, target)]
    gained = already = 0
    for through in tagging_models():
        move, _drop, had = _merge_rows(through, source_ids, target)
        gained, already = gained + len(move), already + had
    return MergeCount(gained, already)


def drafts_to_retag(sources, target):
    """How many unpublished page drafts hold a tag that merging ``sources`` into ``target`` replaces."""
    return len(_drafts_using([tag.pk for tag in _sources_other_than(sources, target)]))


@transaction.atomic
def merge_tags(sources, target):
    """Move every tagging of ``sources`` to ``target``, then delete the sources.

    An object that had several of the tags ends up tagged once with ``target``, so
    no tagged object loses a tag and none is tagged twice. The merged tags' listing
    pages redirect permanently to the target's, as after a rename. Returns a
    ``MergeCount``: the tagged objects that newly carry ``target``, and those that
    already had it (they only lose their duplicate tags).
    """
    sources = _sources_other_than(sources, target)
    source_ids = [tag.pk for tag in sources]
    affected = _tagged_objects(source_ids)
    gained = already = 0
    for through in tagging_models():
        move, drop, had = _merge_rows(through, source_ids, target)
        through.objects.filter(pk__in=drop).delete()
        through.objects.filter(pk__in=move).update(tag=target)
        gained, already = gained + len(move), already + had
    for revision in _drafts_using(source_ids):
        _retarget_revision(revision, source_ids, target)
    Tag.objects.filter(pk__in=source_ids).delete()
    for source in sources:
        _redirect_tag_listings(source.slug, target.slug)
    _reindex(affected)
    return MergeCount(gained, already)


def _retarget_revision(revision, source_ids, target):
    """Point a draft's taggings of ``source_ids`` at ``target``, dropping any that would repeat."""
    items, kept = revision.content["tagged_items"], []
    target_already = any(item.get("tag") == target.pk for item in items)
    for item in items:
        if item.get("tag") in source_ids:
            if target_already:
                continue
            item["tag"], target_already = target.pk, True
        kept.append(item)
    revision.content["tagged_items"] = kept
    revision.save(update_fields=["content"])


def _tagged_objects(tag_ids):
    """The distinct objects tagged with any of ``tag_ids``, of every tagged model."""
    objects = {}
    for through in tagging_models():
        for row in through.objects.filter(tag_id__in=tag_ids).prefetch_related("content_object"):
            if row.content_object is not None:
                objects[(type(row.content_object), row.content_object.pk)] = row.content_object
    return list(objects.values())


def _reindex(objects):
    """Refresh the search index for objects whose tag names changed (tags are searchable)."""
    for obj in objects:
        if isinstance(obj, index.Indexed):
            index.insert_or_update_object(obj)

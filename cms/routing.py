"""Page routing in one query: a path's pages found by their ``url_path``, not slug by slug.

Wagtail's ``Page.route`` walks the path one level at a time: a query for each child
and another for its ``.specific``; then its view-restriction check loads the page's
ancestors again and queries their restrictions. ``PathRoutingMixin.route`` loads, in
one query, every page whose ``url_path`` is a prefix of the requested one (the page,
its ancestors up to the tree's root, and none other: ``url_path`` is the slugs of a
page and its ancestors), each marked with whether it has a view restriction. It then
takes the same decisions as Wagtail's walk over those rows:

- a missing slug on the way is a 404; so is a page that is not live at the end of the
  path (an ancestor's own ``live`` is not checked, as in Wagtail);
- the first page on the way whose type routes paths itself (``RoutablePageMixin``:
  the article index's tag pages and feed) gets the rest of the path, as it would
  from Wagtail's walk, and its own children are then found among the rows already loaded;
- a row that is not the tree's child by that slug (a ``url_path`` left stale by a
  tree edited outside Wagtail) sends the path to Wagtail's walk. A slug with no row
  is a 404 without that check: Wagtail keeps ``url_path`` in step with slugs and
  moves, and builds every page's URL from it.

The page found keeps its ancestors' rows, so ``get_view_restrictions`` needs no query
when none of them, nor the page, is restricted, and one when some is; aliases on the
way resolve to their source pages in Wagtail's own way.
"""

from django.conf import settings
from django.db import connection
from django.http import Http404
from wagtail.models import Page, PageViewRestriction
from wagtail.url_routing import RouteResult

from cms.cache import generation_tokens

#: What routing, view restrictions and a link to a page on the way read of its row. The
#: rest is deferred (each other field read costs a query): the page served is loaded
#: whole as its own type, and its parent (``get_parent()``, kept from routing) is loaded
#: whole by ``.specific``.
ROUTE_FIELDS = {
    "id",
    "path",
    "depth",
    "numchild",
    "title",
    "slug",
    "live",
    "url_path",
    "content_type_id",
    "alias_of_id",
    "locale_id",
}
ROUTE_COLUMNS = [field for field in Page._meta.concrete_fields if field.attname in ROUTE_FIELDS]
# Wagtail's own tables, named by their models: nothing in the statement comes from a visitor.
# ``url_path`` has no index; the slug and the tree path have, and every page on the way is
# found by one of them: the routing page and its ancestors by tree path, the pages below
# it by their slug (a page's url_path ends with its slug).
ROUTE_SQL = (
    "SELECT {columns}, EXISTS (SELECT 1 FROM {restrictions} r WHERE r.page_id = p.id) "
    "FROM {pages} p WHERE p.url_path IN ({url_paths}) AND (p.slug IN ({slugs}) OR p.path IN ({paths}))"
)


def url_path_prefixes(url_path):
    """``"/home/a/b/"`` → ``["/", "/home/", "/home/a/", "/home/a/b/"]``."""
    slugs = [slug for slug in url_path.split("/") if slug]
    return ["/" + "".join(f"{slug}/" for slug in slugs[:depth]) for depth in range(len(slugs) + 1)]


def placeholders(values):
    return ", ".join(["%s"] * len(values))


def pages_on_the_way(url_path, start):
    """The pages whose url_path is a prefix of ``url_path``, by url_path, marked ``is_restricted``.

    ``start`` is the page routing starts from, at or above them all. In plain SQL:
    building this query and its models through the ORM cost several times what running
    it does.
    """
    quote = connection.ops.quote_name
    prefixes = url_path_prefixes(url_path)
    slugs = [slug for slug in url_path[len(start.url_path) :].split("/") if slug]
    paths = [start.path[:end] for end in range(Page.steplen, len(start.path) + 1, Page.steplen)]
    sql = ROUTE_SQL.format(
        columns=", ".join(f"p.{quote(field.column)}" for field in ROUTE_COLUMNS),
        pages=quote(Page._meta.db_table),
        restrictions=quote(PageViewRestriction._meta.db_table),
        url_paths=placeholders(prefixes),
        slugs=placeholders(slugs) if slugs else "NULL",
        paths=placeholders(paths),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*prefixes, *slugs, *paths])
        rows = cursor.fetchall()
    attnames = [field.attname for field in ROUTE_COLUMNS]
    pages = {}
    for *values, is_restricted in rows:
        page = Page.from_db(connection.alias, attnames, values)
        page.live = bool(page.live)  # SQLite answers 0 or 1
        page.is_restricted = bool(is_restricted)
        pages[page.url_path] = page
    return pages


def routes_as_wagtail_walks(page_class):
    """Whether a page type's ``route`` only finds children by slug (so the shortcut may stand in for it)."""
    return page_class is None or page_class.route in (Page.route, PathRoutingMixin.route)


def is_child_by_slug(parent, child, slug):
    """Whether a row found by url_path is the child the tree has under that slug."""
    return child.slug == slug and child.depth == parent.depth + 1 and child.path.startswith(parent.path)


class PathRoutingMixin:
    """``route`` and ``get_view_restrictions`` from one query of the pages on a path (see the module)."""

    def route(self, request, path_components):
        if request is not None and settings.STORED_PARTS_ENABLED:
            # Before any page on the way is read: cms/stored_parts.py.
            generation_tokens(request)
        url_path = self.url_path + "".join(f"{slug}/" for slug in path_components)
        loaded = self.pages_on_the_way_to(url_path)
        if self.url_path not in loaded:
            return super().route(request, path_components)
        parent, url_path = self, self.url_path
        for position, slug in enumerate(path_components):
            url_path += f"{slug}/"
            child = loaded.get(url_path)
            if child is None:
                raise Http404
            if not is_child_by_slug(parent, child, slug):
                return super().route(request, path_components)
            child._cached_parent_obj = parent
            if not routes_as_wagtail_walks(child.specific_class):
                routing_page = child.specific
                routing_page._pages_on_the_way = self._pages_on_the_way
                return routing_page.route(request, path_components[position + 1 :])
            parent = child
        page = self if parent is self else parent.specific
        if not page.live:
            raise Http404
        page._pages_on_the_way = self._pages_on_the_way
        return RouteResult(page)

    def pages_on_the_way_to(self, url_path):
        """The rows to route to ``url_path``: handed down by the page that routed here, else queried."""
        handed_down = getattr(self, "_pages_on_the_way", None)
        if handed_down is None or handed_down[0] != url_path:
            self._pages_on_the_way = (url_path, pages_on_the_way(url_path, start=self))
        return self._pages_on_the_way[1]

    def get_view_restrictions(self):
        """Wagtail's restrictions of the page and its ancestors, from the rows routing loaded when it can."""
        handed_down = getattr(self, "_pages_on_the_way", None)
        loaded = handed_down[1] if handed_down else {}
        ancestors_and_self = [loaded.get(prefix) for prefix in url_path_prefixes(self.url_path)]
        if any(page is None or page.alias_of_id for page in ancestors_and_self):
            return super().get_view_restrictions()
        restricted_ids = [page.pk for page in ancestors_and_self if page.is_restricted]
        if not restricted_ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page_id__in=restricted_ids)

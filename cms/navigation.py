"""The pages every page's chrome links to, read in one query: the site's menu and the page's ancestors.

The header's navigation lists the site root page's live children shown in menus
(Wagtail's ``root.get_children().live().in_menu()``); the breadcrumb trail runs through
the page's ancestors below the tree's root (``page.get_ancestors()`` without it, live or
not, as Wagtail routes through them). Both come from one query a request, in plain SQL
rather than through the ORM, whose building of a query and of a model for each row costs
several times what running it does; each row has only what a link needs, and its URL
comes from its ``url_path`` (cms/page_urls.py).
"""

from dataclasses import dataclass

from django.db import connection
from wagtail.models import Page, Site


@dataclass(frozen=True)
class PageLink:
    pk: int
    title: str
    path: str
    url_path: str


@dataclass(frozen=True)
class MenuAndAncestors:
    menu: list  # PageLinks, in the tree's order
    ancestors: list  # PageLinks, from depth 2 down


def menu_and_ancestors(request, page):
    """The menu of the request's site (none without one) and ``page``'s ancestors, read once per request."""
    site = Site.find_for_request(request) if request is not None else None
    key = (site.root_page.path if site else None, getattr(page, "path", None))
    read = getattr(request, "_menu_and_ancestors", None)
    if read is None or read[0] != key:
        read = (key, read_menu_and_ancestors(*key))
        if request is not None:
            request._menu_and_ancestors = read
    return read[1]


# Wagtail's own table, named by its model: nothing in these statements comes from a visitor.
MENU_SQL = (
    "SELECT 'menu', id, title, path, url_path FROM {table} "
    "WHERE depth = %s AND path BETWEEN %s AND %s AND live = %s AND show_in_menus = %s"
)
ANCESTORS_SQL = "SELECT 'ancestor', id, title, path, url_path FROM {table} WHERE path IN ({placeholders})"


def read_menu_and_ancestors(root_path, page_path):
    """The menu (the children of the page at ``root_path``) and the ancestors of the page at ``page_path``."""
    table = connection.ops.quote_name(Page._meta.db_table)
    selects, params = [], []
    if root_path is not None:
        # Treebeard's bounds for a node's children, as get_children() uses them.
        first_child, last_child = Page._get_children_path_interval(root_path)
        child_depth = len(root_path) // Page.steplen + 1
        selects.append(MENU_SQL.format(table=table))
        params += [child_depth, first_child, last_child, True, True]
    ancestor_paths = ancestor_paths_below_root(page_path or "")
    if ancestor_paths:
        selects.append(
            ANCESTORS_SQL.format(table=table, placeholders=", ".join(["%s"] * len(ancestor_paths)))
        )
        params += ancestor_paths
    result = MenuAndAncestors(menu=[], ancestors=[])
    if selects:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects) + " ORDER BY path", params)
            for kind, *fields in cursor.fetchall():
                (result.menu if kind == "menu" else result.ancestors).append(PageLink(*fields))
    return result


def ancestor_paths_below_root(path):
    """The tree paths of a page's ancestors from depth 2 (just below the tree's root) down to its parent."""
    return [path[:end] for end in range(2 * Page.steplen, len(path), Page.steplen)]

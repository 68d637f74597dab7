"""Reading a WordPress export (WXR 1.0 to 1.2) into plain values, streamed and without trusting it.

The file comes from elsewhere, so the parser resolves no entities, fetches nothing
from the network and keeps libxml2's limits on huge text nodes (``huge_tree`` off):
an entity bomb or an external entity is refused or left unexpanded, never read. Each
``<item>`` is turned into an ``Item`` and its elements freed as soon as it ends, so a
large export is read in constant memory apart from the items themselves.
"""

import datetime
from dataclasses import dataclass, field

from lxml import etree

WP_NAMESPACE_PREFIX = "http://wordpress.org/export/"
CATEGORY, TAG = "category", "post_tag"


class WxrError(ValueError):
    """The file is not a WordPress export this importer can read; the message says why and where."""


@dataclass
class Author:
    login: str
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""

    @property
    def name(self):
        """The name shown on the old site: display name, else first and last name, else the login."""
        full = f"{self.first_name} {self.last_name}".strip()
        return self.display_name.strip() or full or self.login


@dataclass(frozen=True)
class Term:
    """A category or a tag (``kind`` is ``category`` or ``post_tag``, from the ``domain`` attribute)."""

    kind: str
    name: str
    slug: str = field(default="", compare=False)


@dataclass
class Item:
    post_id: int
    post_type: str
    status: str = ""
    title: str = ""
    link: str = ""
    slug: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    published: datetime.datetime | None = None
    modified: datetime.datetime | None = None
    parent_id: int = 0
    attachment_url: str = ""
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    def terms_of(self, kind):
        return [term for term in self.terms if term.kind == kind]


@dataclass
class Export:
    site_title: str = ""
    base_url: str = ""
    version: str = ""
    authors: dict[str, Author] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)

    def attachments(self):
        return {item.post_id: item for item in self.items if item.post_type == "attachment"}


def read_export(path):
    """The export at ``path`` as an ``Export``; raises ``WxrError`` for a file it cannot read."""
    export = Export()
    saw_wordpress = False
    try:
        events = etree.iterparse(
            str(path),
            events=("end",),
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
            remove_comments=True,
        )
        for _event, element in events:
            if not isinstance(element.tag, str):
                continue
            name = etree.QName(element)
            if name.namespace and name.namespace.startswith(WP_NAMESPACE_PREFIX):
                saw_wordpress = True
            parent = element.getparent()
            parent_name = etree.QName(parent).localname if parent is not None else ""
            if name.localname == "item":
                export.items.append(_item(element))
                _free(element)
            elif name.localname == "author" and _is_wp(name):
                author = _author(element)
                export.authors[author.login] = author
                _free(element)
            elif parent_name == "channel" and not name.namespace:
                if name.localname == "title":
                    export.site_title = _text(element)
                elif name.localname == "link" and not export.base_url:
                    export.base_url = _text(element)
            elif parent_name == "channel" and name.localname == "wxr_version":
                export.version = _text(element)
            elif parent_name == "channel" and name.localname == "base_site_url":
                export.base_url = _text(element)
    except etree.XMLSyntaxError as error:
        raise WxrError(f"{path} is not well-formed XML ({error.msg}, line {error.lineno}).") from None
    except OSError as error:
        raise WxrError(f"Cannot read {path}: {error.strerror or error}.") from None
    if not saw_wordpress:
        raise WxrError(f"{path} is XML but not a WordPress export (no wp: elements).")
    export.base_url = export.base_url.rstrip("/")
    return export


def _is_wp(name):
    return bool(name.namespace and name.namespace.startswith(WP_NAMESPACE_PREFIX))


def _free(element):
    """Drop a finished element and the siblings before it, so a long export stays small in memory."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _text(element):
    """An element's text; an unexpanded entity inside it counts as nothing."""
    return (element.text or "").strip() if element is not None else ""


def _children(element):
    """``{local name: element}`` for the direct children (the last one wins)."""
    return {etree.QName(child).localname: child for child in element if isinstance(child.tag, str)}


def _author(element):
    fields = _children(element)
    return Author(
        login=_text(fields.get("author_login")),
        display_name=_text(fields.get("author_display_name")),
        first_name=_text(fields.get("author_first_name")),
        last_name=_text(fields.get("author_last_name")),
    )


def _item(element):
    fields = _children(element)
    content = excerpt = ""
    terms, meta = [], {}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child)
        if name.localname == "encoded" and name.namespace and "excerpt" in name.namespace:
            excerpt = child.text or ""
        elif name.localname == "encoded":
            content = child.text or ""
        elif name.localname == "category" and not name.namespace:
            term = _term(child)
            if term and term not in terms:
                terms.append(term)
        elif name.localname == "postmeta":
            pair = _children(child)
            value = pair.get("meta_value")
            meta[_text(pair.get("meta_key"))] = (value.text or "") if value is not None else ""
    return Item(
        post_id=_integer(_text(fields.get("post_id"))),
        post_type=_text(fields.get("post_type")) or "post",
        status=_text(fields.get("status")),
        title=(fields["title"].text or "").strip() if "title" in fields else "",
        link=_text(fields.get("link")),
        slug=_text(fields.get("post_name")),
        creator=_text(fields.get("creator")),
        content=content,
        excerpt=excerpt,
        published=_moment(fields, "post_date"),
        modified=_moment(fields, "post_modified"),
        parent_id=_integer(_text(fields.get("post_parent"))),
        attachment_url=_text(fields.get("attachment_url")),
        terms=terms,
        meta=meta,
    )


def _term(element):
    """A ``<category>`` of an item; WXR 1.0 writes tags with ``domain="tag"`` and bare categories."""
    name = (element.text or "").strip()
    if not name:
        return None
    domain = element.get("domain", CATEGORY)
    kind = TAG if domain in ("post_tag", "tag") else CATEGORY if domain == "category" else None
    return Term(kind, name, element.get("nicename", "")) if kind else None


def _integer(text):
    try:
        return int(text)
    except ValueError:
        return 0


def _moment(fields, name):
    """The GMT time of ``name``; a draft's GMT time is zero, so then the site's local time, taken as UTC."""
    for key, tz in ((f"{name}_gmt", datetime.UTC), (name, datetime.UTC)):
        text = _text(fields.get(key))
        try:
            return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=tz)
        except ValueError:
            continue
    return None

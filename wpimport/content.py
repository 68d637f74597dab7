"""From a post's untrusted HTML to pieces the page builders place in blocks.

The order is fixed: sanitise first (nh3), so nothing later ever sees a script, an
event handler or a ``javascript:`` link; then the classic editor's paragraphs
(``wpautop``'s blank lines and bare line breaks); then shortcodes; then the HTML is
cut into headings, text, figures and Yoast FAQ blocks. ``rich_text`` writes text in
Wagtail's stored rich text format with only the features the target block allows.
"""

import html
import re
from dataclasses import dataclass, field

import nh3
from lxml import etree
from lxml import html as lxml_html

#: What survives sanitising: structure the importer reads. Everything else is unwrapped,
#: and the content of the CONTENT_DROPPED elements is removed with them.
ALLOWED_TAGS = {
    "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "a", "ul", "ol", "li",
    "img", "figure", "figcaption", "blockquote", "div", "span", "section",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "class"},
    "div": {"class"},
    "strong": {"class"},
    "p": {"class"},
    "figure": {"class"},
}
CONTENT_DROPPED = {"script", "style", "iframe", "form", "noscript", "object", "embed", "template", "textarea"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise(raw):
    """``raw`` HTML with only ``ALLOWED_TAGS`` and safe attributes and links; comments removed."""
    return nh3.clean(
        raw or "",
        tags=ALLOWED_TAGS,
        clean_content_tags=CONTENT_DROPPED,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def plain_text(raw):
    """Text for a title or a summary: no markup at all, entities decoded, spaces collapsed."""
    text = html.unescape(nh3.clean(raw or "", tags=set(), clean_content_tags=CONTENT_DROPPED))
    return " ".join(text.split())


BLOCK_START = re.compile(r"^\s*<(p|h[1-6]|ul|ol|div|figure|blockquote|section)\b", re.IGNORECASE)


def autop(text):
    """The classic editor's text as paragraphs: a blank line starts one, a single newline is a break."""
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        chunk = chunk.strip()
        if not chunk:
            continue
        if BLOCK_START.match(chunk) or chunk.startswith("["):
            paragraphs.append(chunk)
        else:
            paragraphs.append("<p>" + re.sub(r"(?<!<br>)(?<!<br />)\n", "<br>\n", chunk) + "</p>")
    return "\n".join(paragraphs)


SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:[^\]\"']|\"[^\"]*\"|'[^']*')*)\]")
CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)


def expand_shortcodes(text, unknown):
    """``[caption]`` becomes a figure, ``[embed]`` a link; others are dropped, their names put in ``unknown``.

    An enclosing shortcode that is not known keeps the text it wraps.
    """

    def caption(match):
        inner = match.group(2)
        img = re.search(r"<img\b[^>]*>", inner)
        words = plain_text(re.sub(r"<img\b[^>]*>", "", inner))
        attachment = re.search(r'id="attachment_(\d+)"', match.group(1))
        if img is None:
            return f"<p>{html.escape(words)}</p>"
        image = img.group(0)
        if attachment and "wp-image-" not in image:
            image = image.replace("<img", f'<img class="wp-image-{attachment.group(1)}"', 1)
        return f"<figure>{image}<figcaption>{html.escape(words)}</figcaption></figure>"

    def embed(match):
        url = plain_text(match.group(1))
        if not re.match(r"https?://", url):
            return ""
        return f'<p><a href="{html.escape(url)}">{html.escape(url)}</a></p>'

    def other(match):
        unknown.add(match.group(2).lower())
        return ""

    text = CAPTION.sub(caption, text)
    text = EMBED.sub(embed, text)
    return SHORTCODE.sub(other, text)


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Text:
    """Block-level HTML (a paragraph, a list...) still to be written as rich text."""

    html: str


@dataclass
class Figure:
    src: str
    alt: str = ""
    caption: str = ""
    attachment_id: int | None = None


@dataclass
class Faq:
    items: list[tuple[str, str]] = field(default_factory=list)


def prepare(raw):
    """A post's content as a list of pieces, and the names of the shortcodes it dropped."""
    unknown = set()
    cleaned = sanitise(raw)
    is_block_editor = "<!-- wp:" in (raw or "")
    if not is_block_editor:
        cleaned = autop(cleaned)
    cleaned = expand_shortcodes(cleaned, unknown)
    return pieces(cleaned), sorted(unknown)


def pieces(cleaned):
    if not cleaned.strip():
        return []
    root = lxml_html.fragment_fromstring(cleaned, create_parent="div")
    found = []
    _walk(root, found)
    return found


def _classes(element):
    return set((element.get("class") or "").split())


def _walk(container, found):
    if container.text and container.text.strip():
        found.append(Text(f"<p>{html.escape(container.text.strip())}</p>"))
    for child in container:
        tag = child.tag if isinstance(child.tag, str) else ""
        if re.fullmatch(r"h[1-6]", tag):
            text = " ".join(child.text_content().split())
            if text:
                found.append(Heading(int(tag[1]), text))
        elif tag == "div" and "schema-faq" in _classes(child):
            found.append(_yoast_faq(child))
        elif tag == "figure" or tag == "img":
            found.extend(_figures(child))
        elif tag == "p" and child.findall(".//img"):
            found.extend(_figures(child))
            for img in child.findall(".//img"):
                img.drop_tree()
            if child.text_content().strip():
                found.append(Text(_outer(child)))
        elif tag in ("div", "section", "span"):
            _walk(child, found)
        elif tag:
            found.append(Text(_outer(child)))
        if child.tail and child.tail.strip():
            found.append(Text(f"<p>{html.escape(child.tail.strip())}</p>"))


def _outer(element):
    tail, element.tail = element.tail, None
    out = etree.tostring(element, encoding="unicode", method="html")
    element.tail = tail
    return out


def _figures(element):
    caption = element.find(".//figcaption")
    caption_text = " ".join(caption.text_content().split()) if caption is not None else ""
    imgs = [element] if element.tag == "img" else element.findall(".//img")
    return [
        Figure(
            src=img.get("src", ""),
            alt=" ".join(img.get("alt", "").split()),
            caption=caption_text,
            attachment_id=_attachment_id(img),
        )
        for img in imgs
    ]


def _attachment_id(img):
    match = re.search(r"\bwp-image-(\d+)\b", img.get("class") or "")
    return int(match.group(1)) if match else None


def _yoast_faq(element):
    """Yoast's FAQ block: each section's question and answer (the answer's HTML kept)."""
    faq = Faq()
    for section in element.iter("div"):
        if "schema-faq-section" not in _classes(section):
            continue
        question = answer = None
        for child in section:
            classes = _classes(child)
            if "schema-faq-question" in classes:
                question = " ".join(child.text_content().split())
            elif "schema-faq-answer" in classes and child.text_content().strip():
                answer = _outer(child)
        if question and answer:
            faq.items.append((question, answer))
    return faq


# --- Writing Wagtail rich text -------------------------------------------------------------

INLINE = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic"}
HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}


def rich_text(fragments, features, link_for=None):
    """``fragments`` (HTML strings) in Wagtail's rich text format, using only ``features``.

    A heading the features do not allow becomes a bold paragraph, a list becomes
    paragraphs; ``link_for(href)`` may return a page id, which becomes an internal link.
    """
    writer = _RichTextWriter(set(features), link_for or (lambda href: None))
    out = []
    for fragment in fragments:
        if fragment.strip():
            root = lxml_html.fragment_fromstring(fragment, create_parent="div")
            out.extend(writer.blocks(root))
    return "".join(out)


class _RichTextWriter:
    def __init__(self, features, link_for):
        self.features, self.link_for = features, link_for

    def blocks(self, container):
        out, loose = [], []

        def flush():
            text = "".join(loose).strip()
            if text and text.replace("<br/>", "").strip():
                out.append(f"<p>{text}</p>")
            loose.clear()

        if container.text:
            loose.append(html.escape(container.text))
        for child in container:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "p" or tag == "figcaption":
                flush()
                out.extend(self.paragraph(child))
            elif tag in HEADINGS:
                flush()
                out.append(self.heading(tag, child))
            elif tag in ("ul", "ol"):
                flush()
                out.extend(self.listing(tag, child))
            elif tag in ("div", "section", "blockquote", "figure"):
                flush()
                out.extend(self.blocks(child))
            elif tag:
                loose.append(self.inline_element(child))
            if child.tail:
                loose.append(html.escape(child.tail))
        flush()
        return out

    def paragraph(self, element):
        text = self.inline(element).strip()
        parts = [part.strip() for part in re.split(r"(?:<br/>\s*){2,}", text)]
        return [f"<p>{part}</p>" for part in parts if part and part.replace("<br/>", "").strip()]

    def heading(self, tag, element):
        text = self.inline(element, plain=True).strip()
        if not text:
            return ""
        level = HEADINGS[tag]
        if level in self.features:
            return f"<{level}>{text}</{level}>"
        if "h2" in self.features:
            return f"<h2>{text}</h2>"
        return f"<p><b>{text}</b></p>" if "bold" in self.features else f"<p>{text}</p>"

    def listing(self, tag, element):
        items = [self.inline(li).strip() for li in element if li.tag == "li"]
        items = [item for item in items if item]
        if tag in self.features:
            return [f"<{tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>"]
        return [f"<p>{item}</p>" for item in items]

    def inline(self, element, plain=False):
        out = [html.escape(element.text or "")]
        for child in element:
            out.append(self.inline_element(child, plain))
            out.append(html.escape(child.tail or ""))
        return re.sub(r"\s+", " ", "".join(out)).replace(" <br/>", "<br/>").replace("<br/> ", "<br/>")

    def inline_element(self, element, plain=False):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            return "<br/>"
        if tag == "img":
            return ""
        inner = self.inline(element, plain)
        if tag in ("p", "li", "div") and inner.strip():
            return inner + " "
        if plain or not inner.strip():
            return inner
        if INLINE.get(tag) in self.features:
            short = "b" if INLINE[tag] == "bold" else "i"
            return f"<{short}>{inner}</{short}>"
        if tag == "a" and "link" in self.features and element.get("href"):
            return self.link(element.get("href"), inner)
        return inner

    def link(self, href, inner):
        page_id = self.link_for(href)
        if page_id:
            return f'<a id="{int(page_id)}" linktype="page">{inner}</a>'
        return f'<a href="{html.escape(href)}">{inner}</a>'

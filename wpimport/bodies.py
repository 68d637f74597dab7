"""StreamField data for an imported page's body, built from a post's pieces (``wpimport.content``).

An article keeps its text in ``rich_text`` blocks, its images as ``image`` blocks and
a Yoast FAQ block as ``faq``. A treatment's sections go in the typed block their
heading's rule names; a section no rule places (or a second one for a block the page
may hold once) stays a ``rich_text`` block under its own heading, and ``Body.notes``
says so for the report. Nothing a post says is dropped.
"""

import html
import re
from dataclasses import dataclass, field

from lxml import html as lxml_html

from cms.rich_text import ANSWER_FEATURES, BODY_FEATURES

from .content import Faq, Figure, Heading, Text, rich_text
from .mapping import TEXT

#: Blocks a treatment page may hold once (``TreatmentBodyBlock.Meta.block_counts``).
ONCE = {"how_it_works", "frequency", "candidacy", "risks"}
INTERVAL = re.compile(
    r"every\s+(\d{1,3})(?:\s*(?:to|-|\u2013|or)\s*(\d{1,3}))?\s+(week|month)s?", re.IGNORECASE
)
NEGATIVE = re.compile(r"\bnot\b|n't\b|\bavoid\b|contraindicat", re.IGNORECASE)
MAX_ITEM, MAX_AREA, MAX_HEADING, MAX_QUESTION = 200, 60, 100, 200


@dataclass
class Body:
    blocks: list = field(default_factory=list)
    #: Sections kept as text because no rule placed them, and other things an editor should check.
    unmatched: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class BodyBuilder:
    """Builds bodies; ``link_for(href)`` gives a page id or None, ``image_for(figure)`` an image or None.

    ``image_for`` reports a missing image itself; the body leaves it out.
    """

    def __init__(self, link_for, image_for):
        self.link_for, self.image_for = link_for, image_for

    def rich(self, fragments, features=BODY_FEATURES):
        return rich_text(fragments, features, self.link_for)

    # --- articles ---------------------------------------------------------------------

    def article(self, pieces):
        body, texts = Body(), []
        for piece in pieces:
            if isinstance(piece, Heading):
                level = min(max(piece.level, 2), 3)
                texts.append(f"<h{level}>{html.escape(piece.text)}</h{level}>")
            elif isinstance(piece, Text):
                texts.append(piece.html)
            else:
                self._flush_text(body, texts)
                if isinstance(piece, Figure):
                    self._add_image(body, piece)
                elif isinstance(piece, Faq):
                    body.blocks.append(self._faq_block("", piece.items))
        self._flush_text(body, texts)
        return body

    def _flush_text(self, body, texts, heading=""):
        fragments = ([f"<h2>{html.escape(heading)}</h2>"] if heading else []) + texts
        value = self.rich(fragments)
        if value:
            body.blocks.append({"type": "rich_text", "value": value})
        texts.clear()

    def _add_image(self, body, figure):
        image = self.image_for(figure)
        if image is None:
            return
        body.blocks.append({"type": "image", "value": {"image": image.pk, "caption": figure.caption[:250]}})

    def _faq_block(self, heading, items):
        return {
            "type": "faq",
            "value": {
                "heading": heading[:MAX_HEADING],
                "items": [
                    {"question": question[:MAX_QUESTION], "answer": self.rich([answer], ANSWER_FEATURES)}
                    for question, answer in items
                ],
            },
        }

    # --- treatments -------------------------------------------------------------------

    def treatment(self, pieces, config):
        body = Body()
        intro, sections = _sections(pieces)
        self._section_text(body, "", intro)
        used = set()
        for heading, content in sections:
            block = config.block_for(heading)
            if block in used and block in ONCE:
                body.notes.append(f"A second '{block}' section, kept as text: {heading!r}")
                block = TEXT
            elif block == TEXT:
                body.unmatched.append(heading)
            used.add(block)
            build = getattr(self, f"_{block}")
            build(body, heading, content)
        return body

    def _section_text(self, body, heading, content):
        """A section as a ``rich_text`` block under its heading, its images and FAQs after it."""
        texts = []
        for piece in content:
            if isinstance(piece, Text):
                texts.append(piece.html)
            elif isinstance(piece, Heading):
                texts.append(f"<h3>{html.escape(piece.text)}</h3>")
        self._flush_text(body, texts, heading)
        self._extras(body, content)

    _rich_text = _section_text

    def _extras(self, body, content):
        for piece in content:
            if isinstance(piece, Figure):
                self._add_image(body, piece)
            elif isinstance(piece, Faq):
                self._append_faq(body, "", piece.items)

    def _split(self, content):
        """``(paragraph fragments, list items)`` of a section's text: lists' items apart from the rest."""
        paragraphs, items = [], []
        for piece in content:
            if isinstance(piece, Heading):
                paragraphs.append(f"<p>{html.escape(piece.text)}</p>")
            elif isinstance(piece, Text):
                root = lxml_html.fragment_fromstring(piece.html, create_parent="div")
                lists = [child for child in root if child.tag in ("ul", "ol")]
                if lists and len(lists) == len(root):
                    for listing in lists:
                        items.extend(" ".join(li.text_content().split()) for li in listing if li.tag == "li")
                else:
                    paragraphs.append(piece.html)
        return paragraphs, [item for item in items if item]

    def _lists_and_notes(self, content):
        """List items short enough for a text list, and the rest as a note in rich text."""
        paragraphs, items = self._split(content)
        short = [item for item in items if len(item) <= MAX_ITEM]
        long = [f"<p>{html.escape(item)}</p>" for item in items if len(item) > MAX_ITEM]
        return short, self.rich(paragraphs + long, ANSWER_FEATURES)

    def _how_it_works(self, body, heading, content):
        paragraphs, items = self._split(content)
        areas = items if items and all(len(item) <= MAX_AREA for item in items) else []
        if items and not areas:
            paragraphs += ["<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"]
        body.blocks.append(
            {
                "type": "how_it_works",
                "value": {
                    "heading": heading[:MAX_HEADING],
                    "intro": self.rich(paragraphs, ANSWER_FEATURES),
                    "steps": [],
                    "treatment_areas": areas,
                },
            }
        )
        body.notes.append("How it works: add the steps in order.")
        self._extras(body, content)

    def _frequency(self, body, heading, content):
        paragraphs, items = self._split(content)
        words = lxml_html.fromstring(f"<div>{''.join(paragraphs)}</div>").text_content().split()
        interval = INTERVAL.search(" ".join(words + items))
        listed = [f"<ul>{''.join(f'<li>{html.escape(item)}</li>' for item in items)}</ul>"] if items else []
        value = {
            "heading": heading[:MAX_HEADING],
            "initial_course": "",
            "interval_min": None,
            "interval_max": None,
            "interval_unit": "months",
            "results_last": "",
            "session_length_minutes": None,
            "notes": self.rich(paragraphs + listed, ANSWER_FEATURES),
        }
        if interval:
            low, high = int(interval.group(1)), int(interval.group(2) or interval.group(1))
            if 1 <= low <= high <= 104:
                unit = f"{interval.group(3).lower()}s"
                value.update(interval_min=low, interval_max=high, interval_unit=unit)
        body.blocks.append({"type": "frequency", "value": value})
        missing = "the first course" if interval else "the first course and the interval"
        body.notes.append(f"How often: fill in {missing}.")
        self._extras(body, content)

    def _candidacy(self, body, heading, content):
        items, notes = self._lists_and_notes(content)
        negative = bool(NEGATIVE.search(heading))
        body.blocks.append(
            {
                "type": "candidacy",
                "value": {
                    "heading": heading[:MAX_HEADING],
                    "suitable_for": [] if negative else items,
                    "not_suitable_for": items if negative else [],
                    "usually_tried_first": [],
                    "notes": notes,
                },
            }
        )
        if negative or not items:
            body.notes.append("Who it is for: list who it suits.")
        self._extras(body, content)

    def _risks(self, body, heading, content):
        items, notes = self._lists_and_notes(content)
        body.blocks.append(
            {
                "type": "risks",
                "value": {"heading": heading[:MAX_HEADING], "common": items, "rare": [], "notes": notes},
            }
        )
        body.notes.append("Risks: sort the side effects into common and rare.")
        self._extras(body, content)

    def _faq(self, body, heading, content):
        """A question heading is one question; an 'FAQ' section's sub-headings are its questions."""
        items, question, answer = [], None, []
        is_question = heading.rstrip().endswith("?")
        if is_question:
            question = heading
        for piece in content:
            if isinstance(piece, Heading):
                if question and answer:
                    items.append((question, "".join(answer)))
                question, answer = piece.text, []
            elif isinstance(piece, Text):
                answer.append(piece.html)
            elif isinstance(piece, Faq):
                items.extend(piece.items)
        if question and answer:
            items.append((question, "".join(answer)))
        if not items:
            body.unmatched.append(heading)
            self._section_text(body, heading, content)
            return
        self._append_faq(body, "" if is_question else heading, items)
        self._extras(body, [piece for piece in content if isinstance(piece, Figure)])

    def _append_faq(self, body, heading, items):
        """FAQs next to each other make one block."""
        last = body.blocks[-1] if body.blocks else None
        if last and last["type"] == "faq":
            last["value"]["items"].extend(self._faq_block("", items)["value"]["items"])
        else:
            body.blocks.append(self._faq_block(heading, items))


def _sections(pieces):
    """``(pieces before the first heading, [(heading, its pieces)])``, cut at the top heading level."""
    levels = [piece.level for piece in pieces if isinstance(piece, Heading)]
    if not levels:
        return pieces, []
    top = min(levels)
    intro, sections = [], []
    for piece in pieces:
        if isinstance(piece, Heading) and piece.level == top:
            sections.append((piece.text, []))
        elif sections:
            sections[-1][1].append(piece)
        else:
            intro.append(piece)
    return intro, sections

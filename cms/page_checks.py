"""Page checks: what an editor should fix in a page before (or after) it goes live.

One function per check, each taking a page (its specific type; a saved page, a
draft from its latest revision, or the page as the edit form holds it) and a
``CheckContext`` of what the checks share (the other live pages' titles, the
images and linked pages the checked pages use), and answering a list of
``Problem``. The editor's Checks side panel (``cms.page_checks_panel``) and the
SEO report (``cms.seo``) both run ``PAGE_CHECKS``, so they always list the same
problems for the same page.

A context is built for many pages at once in a fixed number of queries, whatever
their number: the live pages' titles (one query a page type), the images they show
(one), the pages they link to (one), and the clinic names their titles end with.
Stream data is read raw, so reading a body costs no query.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rapidfuzz import fuzz, process
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page

from cms.blocks import SectionValue
from cms.seo import (
    DESCRIPTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    clinic_names_by_page,
    document_title,
    effective_description,
    indexable_pages,
)
from signoff.medical_content import unwrapped

ERROR = "error"
WARNING = "warning"

#: Two titles whose normalised words (case, punctuation and word order ignored) score at
#: least this in rapidfuzz's similarity ratio (0 to 100) are near-duplicates. 90 catches
#: a plural, a typo, a dropped "the" or a colon for "for" ("Botox: chronic migraine",
#: 92) but not a different page on the same topic ("Laser hair removal cost", 88, or
#: "Botox for migraine" beside "Botox for chronic migraine", 82).
SIMILAR_TITLE_RATIO = 90

#: Page types that answer patients' questions, and so should have a questions-and-answers
#: block (named by label: ``cms`` imports no page app).
FAQ_EXPECTED = {"treatments.TreatmentPage"}

HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
PAGE_LINK = re.compile(r"<a\b[^>]*\blinktype=\"page\"[^>]*>", re.IGNORECASE)
LINK_ID = re.compile(r"\bid=\"(\d+)\"")


@dataclass(frozen=True)
class Problem:
    """One thing to fix on a page: the check's name, what exactly is wrong, and how much it matters."""

    label: str
    detail: str
    severity: str = WARNING


@dataclass
class PageContent:
    """What a page's text shows, in page order: its headings, the images and the pages it links to."""

    headings: list = field(default_factory=list)  # (level, text)
    image_ids: list = field(default_factory=list)
    linked_page_ids: list = field(default_factory=list)


def normalised_title(title):
    """A title's words, case and punctuation ignored, in sorted order (so word order is ignored too)."""
    return " ".join(sorted(re.sub(r"[\W_]+", " ", (title or "").casefold()).split()))


def headline(page):
    """The title a page competes with in search results: its SEO title, else its title.

    The clinic name after it is left out: every page shares it, so it would only make
    different titles look alike.
    """
    return (getattr(page, "seo_title", "") or "").strip() or (page.title or "").strip()


def walk_block(block, raw):
    """``(block, raw value)`` for ``block`` and every block inside it, in page order."""
    yield block, raw
    if isinstance(block, blocks.StreamBlock):
        for child in raw or []:
            child_block = block.child_blocks.get(child.get("type")) if isinstance(child, dict) else None
            if child_block is not None:
                yield from walk_block(child_block, child.get("value"))
    elif isinstance(block, blocks.ListBlock):
        for item in raw or []:
            yield from walk_block(block.child_block, unwrapped(item))
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child_block in block.child_blocks.items():
            if name in raw:
                yield from walk_block(child_block, raw[name])


def add_rich_text(content, source):
    for match in HEADING.finditer(source or ""):
        content.headings.append((int(match.group(1)), strip_tags(match.group(2)).strip()))
    for link in PAGE_LINK.finditer(source or ""):
        if found := LINK_ID.search(link.group(0)):
            content.linked_page_ids.append(int(found.group(1)))


def is_section(block):
    """A titled page section (``SectionValue``), whose heading the page prints at level 2."""
    return isinstance(block, blocks.StructBlock) and issubclass(block.meta.value_class, SectionValue)


def page_content(page):
    """The ``PageContent`` of a page's image fields, rich text fields and StreamFields (read raw)."""
    content = PageContent()
    image_model = get_image_model()
    for model_field in page._meta.concrete_fields:
        if model_field.many_to_one and model_field.related_model is image_model:
            if image_id := getattr(page, model_field.attname):
                content.image_ids.append(image_id)
        elif isinstance(model_field, RichTextField):
            add_rich_text(content, getattr(page, model_field.attname))
        elif isinstance(model_field, StreamField):
            stream = getattr(page, model_field.attname)
            raw = list(stream.raw_data) if stream is not None else []
            for block, value in walk_block(model_field.stream_block, raw):
                if isinstance(block, blocks.RichTextBlock):
                    add_rich_text(content, value)
                elif isinstance(block, blocks.PageChooserBlock) and isinstance(value, int):
                    content.linked_page_ids.append(value)
                elif isinstance(block, ImageChooserBlock) and isinstance(value, int):
                    content.image_ids.append(value)
                elif isinstance(block, blocks.StructBlock) and issubclass(
                    block.meta.value_class, SectionValue
                ):
                    heading = (value or {}).get("heading") or block.meta.default_heading
                    content.headings.append((2, str(heading)))
    return content


@dataclass
class CheckContext:
    """What the checks of one or more pages share, loaded once for all of them."""

    live_titles: dict  # live page pk -> (normalised headline, headline)
    images: dict  # image pk -> (title, alt text)
    linked_pages: dict  # page pk -> (title, live)
    clinic_names: dict  # page pk (or id() of an unsaved page) -> clinic name
    contents: dict  # id() of a checked page -> PageContent

    @classmethod
    def for_pages(cls, pages, live_pages=None):
        """The context for checking ``pages`` (specific); ``live_pages`` defaults to the indexable pages.

        Titles are compared with the live pages search engines may index: those are the
        ones a title competes with in search results.
        """
        if live_pages is None:
            live_pages = indexable_pages(bodies=False)
        contents = {id(page): page_content(page) for page in pages}
        image_ids = {pk for content in contents.values() for pk in content.image_ids}
        page_ids = {pk for content in contents.values() for pk in content.linked_page_ids}
        images = get_image_model().objects.filter(pk__in=image_ids).values_list("pk", "title", "description")
        linked = Page.objects.filter(pk__in=page_ids).values_list("pk", "title", "live")
        saved = [page for page in pages if page.pk and page.url_path]
        return cls(
            live_titles={page.pk: (normalised_title(headline(page)), headline(page)) for page in live_pages},
            images={pk: (title, (alt or "").strip()) for pk, title, alt in images} if image_ids else {},
            linked_pages={pk: (title, live) for pk, title, live in linked} if page_ids else {},
            clinic_names=clinic_names_by_page(saved) if saved else {},
            contents=contents,
        )

    def content(self, page):
        if id(page) not in self.contents:
            self.contents[id(page)] = page_content(page)
        return self.contents[id(page)]


def missing_title(page, context):
    if not document_title(page, context.clinic_names.get(page.pk, "")):
        return [Problem(_("No title"), _("Give the page a title."), ERROR)]
    return []


def long_title(page, context):
    title = document_title(page, context.clinic_names.get(page.pk, ""))
    if len(title) > TITLE_MAX_LENGTH:
        detail = _("%(count)d characters: %(title)s") % {"count": len(title), "title": title}
        return [Problem(_("Title too long"), detail)]
    return []


def missing_description(page, context):
    if not effective_description(page):
        detail = _("No search description, and no summary or introduction to use instead")
        return [Problem(_("No description"), detail, ERROR)]
    return []


def long_description(page, context):
    description = effective_description(page)
    if len(description) > DESCRIPTION_MAX_LENGTH:
        detail = _("%(count)d characters") % {"count": len(description)}
        return [Problem(_("Description too long"), detail)]
    return []


def quoted_titles(titles, shown=3):
    """“A”, “B”, “C” and 2 more."""
    listed = ", ".join(f"“{title}”" for title in titles[:shown])
    if len(titles) > shown:
        return _("%(listed)s and %(count)d more") % {"listed": listed, "count": len(titles) - shown}
    return listed


def duplicate_title(page, context):
    """One problem naming the other live pages whose headline is the same or nearly so, once normalised."""
    own = normalised_title(headline(page))
    if not own:
        return []
    others = {pk: normalised for pk, (normalised, _title) in context.live_titles.items() if pk != page.pk}
    matches = process.extract(
        own, others, scorer=fuzz.ratio, score_cutoff=SIMILAR_TITLE_RATIO, limit=None, processor=None
    )
    same, near = [], []
    for _normalised, score, pk in sorted(matches, key=lambda match: (-match[1], match[2])):
        (same if score == 100 else near).append(context.live_titles[pk][1])
    details = []
    if same:
        message = ngettext(
            "Same title as the live page %(titles)s", "Same title as the live pages %(titles)s", len(same)
        )
        details.append(message % {"titles": quoted_titles(same)})
    if near:
        message = ngettext(
            "Nearly the same title as the live page %(titles)s",
            "Nearly the same title as the live pages %(titles)s",
            len(near),
        )
        details.append(message % {"titles": quoted_titles(near)})
    return [Problem(_("Duplicate title"), "; ".join(str(detail) for detail in details))] if details else []


def images_without_alt_text(page, context):
    problems, seen = [], set()
    for image_id in context.content(page).image_ids:
        title, alt = context.images.get(image_id, (None, "unknown"))
        if image_id in seen or alt:
            continue
        seen.add(image_id)
        detail = _("“%(title)s” has no alt text") % {"title": title}
        problems.append(Problem(_("Image without alt text"), detail, ERROR))
    return problems


def headings_out_of_order(page, context):
    """A second main heading, or a heading that skips a level below the one before it.

    The page's title is its one level-1 heading; the body's sections are level 2.
    """
    problems, previous = [], 1
    for level, text in context.content(page).headings:
        if level == 1:
            detail = _("“%(heading)s” is a main heading; the page title is the only one. Use a subheading.")
        elif level > previous + 1:
            detail = _(
                "“%(heading)s” is at level %(level)d after a level %(previous)d heading: make it %(wanted)d."
            )
        else:
            previous = level
            continue
        values = {"heading": text, "level": level, "previous": previous, "wanted": previous + 1}
        problems.append(Problem(_("Heading out of order"), detail % values))
        previous = level
    return problems


def treatment_without_faq(page, context):
    if page._meta.label not in FAQ_EXPECTED:
        return []
    body = getattr(page, "body", None)
    if body is not None and any(child.get("type") == "faq" for child in body.raw_data):
        return []
    detail = _("Add a questions-and-answers block with the questions patients ask.")
    return [Problem(_("No questions and answers"), detail)]


def links_to_unpublished_pages(page, context):
    problems, seen = [], set()
    for page_id in context.content(page).linked_page_ids:
        if page_id in seen:
            continue
        seen.add(page_id)
        title, live = context.linked_pages.get(page_id, (None, False))
        if live:
            continue
        if title is None:
            detail = _("A link points to a page that has been deleted")
        else:
            detail = _("Links to “%(title)s”, which is not published") % {"title": title}
        problems.append(Problem(_("Link to an unpublished page"), detail, ERROR))
    return problems


@dataclass(frozen=True)
class Check:
    """A check and how the SEO report heads and explains its section."""

    key: str
    function: object
    heading: str
    explanation: str

    def __call__(self, page, context):
        return self.function(page, context)


PAGE_CHECKS = [
    Check(
        "missing-title",
        missing_title,
        _("Pages without a title"),
        _("A page needs a title for browser tabs, bookmarks and search results."),
    ),
    Check(
        "long-title",
        long_title,
        _("Titles over %(max)d characters") % {"max": TITLE_MAX_LENGTH},
        _(
            "Counted as the page's title shows in browser tabs and search results: its SEO title, "
            "else its title followed by ' | ' and the clinic name. Search engines cut long ones short. "
            "Set a shorter SEO title on the Promote tab; it is shown exactly as typed."
        ),
    ),
    Check(
        "missing-description",
        missing_description,
        _("Pages without a description"),
        _("No search description and no summary or introduction to fall back on."),
    ),
    Check(
        "long-description",
        long_description,
        _("Descriptions over %(max)d characters") % {"max": DESCRIPTION_MAX_LENGTH},
        _("Search engines cut them short. Write a shorter search description on the Promote tab."),
    ),
    Check(
        "duplicate-title",
        duplicate_title,
        _("Duplicate titles"),
        _(
            "Pages with the same or nearly the same title (its SEO title, else its title; case, "
            "punctuation and word order ignored) compete with each other. Give each its own SEO title."
        ),
    ),
    Check(
        "page-images-alt-text",
        images_without_alt_text,
        _("Pages showing images without alt text"),
        _("An image the page shows has no alt text. Describe it in the image library."),
    ),
    Check(
        "heading-order",
        headings_out_of_order,
        _("Headings out of order"),
        _(
            "Screen readers and search engines read headings as an outline: the title first, then "
            "sections, then their subheadings, without skipping a level."
        ),
    ),
    Check(
        "missing-faq",
        treatment_without_faq,
        _("Treatments without questions and answers"),
        _("Patients' questions answered on the page also appear in search results as FAQs."),
    ),
    Check(
        "unpublished-links",
        links_to_unpublished_pages,
        _("Links to unpublished pages"),
        _("Visitors following these links find nothing. Publish the page linked to, or change the link."),
    ),
]


def check_page(page, context):
    """``(check, problems)`` for every check, in ``PAGE_CHECKS`` order."""
    return [(check, check(page, context)) for check in PAGE_CHECKS]


def page_problems(page, context=None):
    """Every problem of one page, in ``PAGE_CHECKS`` order."""
    context = context or CheckContext.for_pages([page])
    return [problem for _check, problems in check_page(page, context) for problem in problems]

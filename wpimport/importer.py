"""Bringing a WordPress export's posts in as pages, each in its own transaction, safely re-runnable.

Posts become articles; posts about a treatment (by category or the mapping config)
become treatment page drafts. Medical content never goes live from here: treatment
pages stay drafts, and an article that is medical content waits for a clinician's
sign-off even with ``--publish`` (docs/medical-sign-off.md). Every item gets an
``ImportedItem`` record, so a second run skips what has not changed, leaves alone a
page an editor has changed since, and creates nothing twice.
"""

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from PIL import Image as PILImage
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Site

from articles.models import ArticleIndexPage, ArticlePage, StaffAuthor
from cms.models import Clinician
from treatments.models import TreatmentIndexPage, TreatmentPage

from .bodies import BodyBuilder
from .content import plain_text, prepare
from .models import ImportedItem
from .yoast import seo_fields

IMPORTED_STATUSES = {"publish", "draft", "pending", "private", "future"}
CREATED, UPDATED, UNCHANGED, EDITED, FAILED = (
    "created",
    "updated",
    "unchanged",
    "edited since import",
    "failed",
)
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")


class ImportAborted(Exception):
    """A problem with the whole import (no article index...), not with one item."""


@dataclass
class ItemReport:
    wp_id: int
    title: str
    page_type: str = ""
    outcome: str = ""
    live: bool = False
    page_id: int | None = None
    url_path: str = ""
    waiting_for_sign_off: bool = False
    unmatched_sections: list[str] = field(default_factory=list)
    unknown_shortcodes: list[str] = field(default_factory=list)
    missing_images: list[str] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    dry_run: bool = False
    items: list[ItemReport] = field(default_factory=list)
    images_created: int = 0
    images_reused: int = 0

    def as_dict(self):
        return {
            "dry_run": self.dry_run,
            "summary": self.summary(),
            "items": [asdict(item) for item in self.items],
        }

    def summary(self):
        counts = {}
        for item in self.items:
            counts[item.outcome] = counts.get(item.outcome, 0) + 1
        return {
            "items": len(self.items),
            "outcomes": counts,
            "published": sum(item.live for item in self.items),
            "waiting_for_sign_off": sum(item.waiting_for_sign_off for item in self.items),
            "unmatched_sections": sum(len(item.unmatched_sections) for item in self.items),
            "missing_images": sum(len(item.missing_images) for item in self.items),
            "redirects": sum(len(item.redirects) for item in self.items),
            "images_created": self.images_created,
            "images_reused": self.images_reused,
        }


def content_hash(item):
    """A digest of everything in ``item`` the import reads: a change to any of it is a change."""
    data = json.dumps(asdict(item), default=str, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


class Importer:
    def __init__(self, export, config, *, uploads_dir=None, publish=False, only=None):
        self.export, self.config = export, config
        self.uploads_dir = Path(uploads_dir) if uploads_dir else None
        self.publish, self.only = publish, set(only or ())
        self.source = export.base_url or export.site_title
        self.attachments = export.attachments()
        self.by_url = {}
        for attachment in self.attachments.values():
            if attachment.attachment_url:
                self.by_url[_url_key(attachment.attachment_url)] = attachment.post_id
        self.posts = [
            item
            for item in export.items
            if self.imports(item) and (not self.only or item.post_id in self.only)
        ]
        self.selected_ids = {item.post_id for item in self.posts}
        self.post_ids = {item.post_id for item in export.items if self.imports(item)}
        self.by_path = {}
        for item in export.items:
            if item.link and item.post_id in self.post_ids:
                self.by_path[_path_key(item.link)] = item.post_id
        self.report = Report()
        self.created_files = []
        self.relink = set()
        self.sites = {}

    def imports(self, item):
        """Posts, and the WordPress pages the mapping config names as treatments."""
        wanted = item.post_type == "post" or (
            item.post_type == "page" and item.post_id in self.config.treatment_posts
        )
        return wanted and item.status in IMPORTED_STATUSES

    # --- the run ----------------------------------------------------------------------

    def parents(self):
        article_index = ArticleIndexPage.objects.first()
        treatment_index = TreatmentIndexPage.objects.first()
        missing = [
            name
            for name, page in (("an article index", article_index), ("a treatment index", treatment_index))
            if page is None
        ]
        if missing:
            raise ImportAborted(f"Create {' and '.join(missing)} page first: imported pages go under it.")
        return article_index, treatment_index

    def run(self, progress=None):
        """Import every selected post, then again those whose links pointed at posts not yet imported."""
        self.article_index, self.treatment_index = self.parents()
        for item in self.posts:
            self.report.items.append(self.import_item(item))
            if progress:
                progress()
        for item in [item for item in self.posts if item.post_id in self.relink]:
            self.relink.discard(item.post_id)
            self.import_item(item, relinking=True)
        return self.report

    def import_item(self, item, relinking=False):
        report = ItemReport(wp_id=item.post_id, title=plain_text(item.title) or f"#{item.post_id}")
        try:
            with transaction.atomic():
                self._import(item, report, relinking)
        except ValidationError as error:
            report.outcome = FAILED
            report.notes.append(f"Not imported: {_messages(error)}")
        except (ValueError, OSError) as error:
            # A broken image file, a value a field refuses: this item fails, the rest go on.
            report.outcome = FAILED
            report.notes.append(f"Not imported: {error}")
        return report

    def _import(self, item, report, relinking):
        digest = content_hash(item)
        record = ImportedItem.objects.filter(source=self.source, wp_id=item.post_id).first()
        page = record.page.specific if record and record.page else None
        if page is not None and record.content_hash == digest and not relinking:
            report.outcome, report.page_id, report.page_type = UNCHANGED, page.pk, page._meta.model_name
            report.live, report.url_path = page.live, page.url_path
            return
        if page is not None and page.latest_revision_id != record.revision_id:
            report.outcome, report.page_id, report.page_type = EDITED, page.pk, page._meta.model_name
            report.notes.append(
                "Changed in WordPress, but an editor changed this page since the import: left as it is."
            )
            return
        is_treatment = self.config.is_treatment(item)
        model = TreatmentPage if is_treatment else ArticlePage
        if page is not None and not isinstance(page, model):
            report.notes.append(f"Was imported as a {page._meta.verbose_name}; updated as one.")
            model = type(page)
        fields, body = self.page_fields(item, model, report)
        created = page is None
        if created:
            page = model(**fields)
            page.slug = self.free_slug(self.parent_for(model), page.slug)
        else:
            for name, value in fields.items():
                if name != "slug":
                    setattr(page, name, value)
        page.body = body
        self.set_tags(page, item)
        goes_live = self.may_publish(item, page, report)
        block = page.body.stream_block
        page.body = block.clean(page.body) if goes_live else block.clean_deferred(page.body)
        if created:
            page.live = False
            self.parent_for(model).add_child(instance=page)
        revision = page.save_revision(clean=False)
        if goes_live:
            revision.publish()
            model.objects.filter(pk=page.pk).update(
                first_published_at=item.published or page.first_published_at,
                last_published_at=item.modified or item.published or page.last_published_at,
            )
            page.refresh_from_db()
        ImportedItem.objects.update_or_create(
            source=self.source,
            wp_id=item.post_id,
            defaults={"kind": ImportedItem.POST, "content_hash": digest, "page": page, "revision": revision},
        )
        if not relinking:
            report.outcome = CREATED if created else UPDATED
            report.page_id, report.page_type = page.pk, model._meta.model_name
            report.live, report.url_path = page.live, page.url_path
            report.redirects = self.redirect_old_urls(item, page, report)

    # --- fields -----------------------------------------------------------------------

    def parent_for(self, model):
        return self.treatment_index if model is TreatmentPage else self.article_index

    def page_fields(self, item, model, report):
        title = plain_text(item.title) or f"Untitled {item.post_id}"
        found, unknown = prepare(item.content)
        report.unknown_shortcodes = unknown
        builder = BodyBuilder(
            lambda href: self.link_for(item, href), lambda figure: self.image_for(figure, report)
        )
        body = builder.treatment(found, self.config) if model is TreatmentPage else builder.article(found)
        report.unmatched_sections = body.unmatched
        report.notes.extend(body.notes)
        summary = _shorten(plain_text(item.excerpt) or _first_words(body.blocks) or title, 300)
        seo, seo_notes = seo_fields(item, title, self.export.site_title, summary)
        report.notes.extend(seo_notes)
        fields = {
            "title": title[:255],
            "slug": (slugify(item.slug or title, allow_unicode=True) or f"post-{item.post_id}")[:200],
            "hero_image": self.image_for_id(_integer(item.meta.get("_thumbnail_id")), report),
            **seo,
        }
        if item.status == "publish":
            fields["first_published_at"] = item.published
        if model is TreatmentPage:
            fields["summary"] = summary
        else:
            fields.update(intro=summary, **self.author(item, report))
            if item.published:
                fields["date"] = item.published.date()
            fields["medical_content"] = self.is_medical(item)
        if item.status != "publish":
            report.notes.append(f"{item.status.capitalize()} on WordPress: imported as a draft.")
        return fields, body.blocks

    def is_medical(self, item):
        wanted = {name.lower() for name in self.config.medical_categories}
        return any(
            term.name.lower() in wanted or term.slug.lower() in wanted for term in item.terms_of("category")
        )

    def may_publish(self, item, page, report):
        """Only with ``--publish``, only a published post, and never medical content (it needs a sign-off)."""
        if not (self.publish and item.status == "publish"):
            return False
        if isinstance(page, TreatmentPage) or page.needs_medical_review:
            report.waiting_for_sign_off = True
            report.notes.append("Medical content: left as a draft until a clinician signs it off.")
            return False
        return bool(page.clinician_author_id or page.staff_author_id)

    def author(self, item, report):
        author = self.export.authors.get(item.creator)
        name = (author.name if author else item.creator)[: StaffAuthor._meta.get_field("name").max_length]
        if not name:
            report.notes.append("No author in the export: choose one before publishing.")
            return {"clinician_author": None, "staff_author": None}
        clinician = Clinician.objects.filter(name__iexact=name).first()
        if clinician:
            return {"clinician_author": clinician, "staff_author": None}
        staff, created = StaffAuthor.objects.get_or_create(
            name__iexact=name, defaults={"name": name, "role": "Author"}
        )
        if created:
            report.notes.append(f"Created the staff author {name!r}: add their role and bio.")
        return {"clinician_author": None, "staff_author": staff}

    def set_tags(self, page, item):
        """Categories and tags as the page's tags, one tag per name whatever its case or kind."""
        skip = {name.lower() for name in self.config.treatment_categories}
        names = []
        for term in item.terms:
            if term.name.lower() not in skip and term.name.lower() not in (n.lower() for n in names):
                names.append(term.name[:100])
        tags = []
        for name in names:
            tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
            tags.append(tag)
        page.tags.set(tags)

    def free_slug(self, parent, slug):
        """``slug``, or ``slug-2``, ``slug-3``... whichever no sibling has: one query when it is free.

        Asked per candidate rather than by loading every sibling's slug, which would make an
        import of thousands of posts into one index read a growing list for every post.
        """
        siblings = parent.get_children()
        candidate, n = slug, 2
        while siblings.filter(slug=candidate).exists():
            candidate, n = f"{slug[:190]}-{n}", n + 1
        return candidate

    # --- links and redirects ----------------------------------------------------------

    def post_id_for(self, href):
        """The ID of the exported post ``href`` points at, or None."""
        parts = urlsplit(href)
        base = urlsplit(self.export.base_url)
        if parts.netloc and parts.netloc != base.netloc:
            return None
        ids = parse_qs(parts.query).get("p")
        if ids and ids[0].isdigit() and int(ids[0]) in self.post_ids:
            return int(ids[0])
        return self.by_path.get(_path_key(href)) if parts.path not in ("", "/") else None

    def link_for(self, item, href):
        post_id = self.post_id_for(href)
        if post_id is None:
            return None
        record = ImportedItem.objects.filter(source=self.source, wp_id=post_id, page__isnull=False).first()
        if record is None:
            if post_id in self.selected_ids:
                # Imported later in this run: the link is written once that page exists.
                self.relink.add(item.post_id)
            return None
        return record.page_id

    def site(self, site_id):
        """The Site with ``site_id`` (None for None), read once a run."""
        if site_id not in self.sites:
            self.sites[site_id] = Site.objects.filter(pk=site_id).first() if site_id else None
        return self.sites[site_id]

    def redirect_old_urls(self, item, page, report):
        """A permanent redirect from the old link and ``?p=ID`` to ``page``, where the path changed."""
        # Page.get_site() and relative_url() would each work out the page's URL; once is enough.
        site_id, _root_url, relative_path = page.get_url_parts() or (None, None, None)
        site = self.site(site_id)
        new_path = Redirect.normalise_path(relative_path or page.url_path)
        olds = []
        for url in (item.link, f"/?p={item.post_id}"):
            if url:
                parts = urlsplit(url)
                path = Redirect.normalise_path(parts.path + (f"?{parts.query}" if parts.query else ""))
                if path not in olds and path != new_path:
                    olds.append(path)
        made = []
        for old_path in olds:
            # A redirect for every site (site empty) covers this site's path too.
            existing = Redirect.objects.filter(Q(site=site) | Q(site=None), old_path=old_path).first()
            if existing is None:
                Redirect.objects.create(old_path=old_path, site=site, redirect_page=page, is_permanent=True)
                made.append(old_path)
            elif existing.redirect_page_id != page.pk:
                report.notes.append(f"A redirect from {old_path} to somewhere else already exists; kept it.")
        return made

    # --- images -----------------------------------------------------------------------

    def image_for(self, figure, report):
        attachment_id = figure.attachment_id or self.by_url.get(_url_key(figure.src))
        if not attachment_id:
            report.missing_images.append(f"{figure.src} (not in the export's media library)")
            return None
        return self.image_for_id(attachment_id, report, alt=figure.alt)

    def image_for_id(self, attachment_id, report, alt=""):
        """Attachment ``attachment_id``'s image: imported before, one with the same file, or a new one."""
        attachment = self.attachments.get(attachment_id)
        if attachment is None:
            if attachment_id:
                report.missing_images.append(f"attachment {attachment_id} (not in the export)")
            return None
        record = ImportedItem.objects.filter(
            source=self.source, wp_id=attachment_id, image__isnull=False
        ).first()
        if record:
            return record.image
        relative = attachment.meta.get("_wp_attached_file", "")
        path = (self.uploads_dir / relative).resolve() if self.uploads_dir and relative else None
        if path is None or not path.is_file() or self.uploads_dir.resolve() not in path.parents:
            report.missing_images.append(
                relative or attachment.attachment_url or f"attachment {attachment_id}"
            )
            return None
        if not _is_image(path):
            report.missing_images.append(f"{relative} (not an image this site can show)")
            return None
        data = path.read_bytes()
        digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
        image_model = get_image_model()
        image = image_model.objects.filter(file_hash=digest).first()
        if image is None:
            alt_text = attachment.meta.get("_wp_attachment_image_alt") or alt or plain_text(attachment.title)
            image = image_model(
                title=plain_text(attachment.title)[:255] or path.name, description=alt_text[:255]
            )
            with path.open("rb") as file:
                image.file = ImageFile(file, name=path.name)
                image.file_hash, image.file_size = digest, len(data)
                image.save()
            self.created_files.append(image.file.name)
            self.report.images_created += 1
            if not attachment.meta.get("_wp_attachment_image_alt"):
                report.notes.append(f"Image {path.name}: no alt text in WordPress; check the one given.")
        else:
            self.report.images_reused += 1
        ImportedItem.objects.update_or_create(
            source=self.source,
            wp_id=attachment_id,
            defaults={"kind": ImportedItem.ATTACHMENT, "content_hash": digest, "image": image},
        )
        return image


def _is_image(path):
    """Whether Pillow can read ``path`` as an image (Wagtail's image library needs one)."""
    try:
        with PILImage.open(path) as image:
            image.verify()
    except (OSError, SyntaxError, ValueError):
        return False
    return True


def _integer(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def _url_key(url):
    return SIZE_SUFFIX.sub("", urlsplit(url).path)


def _path_key(url):
    return urlsplit(url).path.rstrip("/")


def _shorten(text, limit):
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def _first_words(blocks):
    for block in blocks:
        if block["type"] == "rich_text":
            text = plain_text(re.sub(r"<h[23]>.*?</h[23]>", "", block["value"]))
            if text:
                return text
    return ""


def _messages(error):
    """A validation error's messages in one line; a body's block errors by their own words."""
    if hasattr(error, "as_json_data"):
        return "body: " + " ".join(dict.fromkeys(_strings(error.as_json_data())))
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(map(str, messages))}" for name, messages in error.message_dict.items()
        )
    return " ".join(map(str, error.messages))


def _strings(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
    elif data:
        yield str(data)

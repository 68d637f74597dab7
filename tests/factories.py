"""factory_boy factories for the project's models, shared by every test folder."""

import factory
import wagtail_factories
from django.utils import timezone
from wagtail import blocks
from wagtail.test.utils.form_data import rich_text

from articles.models import ArticleIndexPage, ArticlePage, StaffAuthor
from cms.models import Clinician, CustomImage
from home.demo.loading import publish
from home.models import HomePage
from signoff.records import sign_off_as_loader
from treatments.models import Condition, TreatmentIndexPage, TreatmentPage


class ImageFactory(wagtail_factories.ImageFactory):
    """A real (generated) image file with the alt text our image model requires."""

    description = factory.Sequence(lambda n: f"Photo {n} of the clinic")

    class Meta:
        model = CustomImage


class ClinicianFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Dr Clinician {n}")
    credentials = "MBBS, MRCP"
    role = "Consultant neurologist"

    class Meta:
        model = Clinician


class ConditionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")

    class Meta:
        model = Condition


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    hero_heading = "Care you can trust"

    class Meta:
        model = HomePage


class TreatmentIndexPageFactory(wagtail_factories.PageFactory):
    title = "Treatments"
    slug = "treatments"

    class Meta:
        model = TreatmentIndexPage


def faq_value(count):
    """Raw stream data for one ``faq`` block holding ``count`` questions."""
    return {
        "type": "faq",
        "value": {
            "heading": "",
            "items": [
                {"question": f"Question {n}?", "answer": f"<p>Answer {n}, ask your provider.</p>"}
                for n in range(count)
            ],
        },
    }


def full_body(faq_count=2):
    """Raw stream data with every structured treatment block filled in."""
    return [
        {
            "type": "how_it_works",
            "value": {
                "heading": "",
                "intro": "<p>Small injections relax the muscles involved.</p>",
                "steps": [
                    {"title": "Consultation", "description": "Your provider checks your history."},
                    {"title": "Injections", "description": "Around 30 small injections."},
                ],
                "treatment_areas": ["Forehead", "Temples", "Neck"],
            },
        },
        {
            "type": "frequency",
            "value": {
                "heading": "",
                "initial_course": "Two sessions, 12 weeks apart",
                "interval_min": 3,
                "interval_max": 6,
                "interval_unit": "months",
                "results_last": "Around three months",
                "session_length_minutes": 20,
                "notes": "",
            },
        },
        {
            "type": "candidacy",
            "value": {
                "heading": "",
                "suitable_for": ["Adults with 15 or more headache days a month"],
                "not_suitable_for": ["People who are immunocompromised"],
                "usually_tried_first": ["Preventive tablets"],
                "notes": "",
            },
        },
        {
            "type": "risks",
            "value": {
                "heading": "",
                "common": ["Brief redness where injected"],
                "rare": ["A drooping eyelid"],
                "notes": "",
            },
        },
        faq_value(faq_count),
    ]


def preview_body(stream_block, text=None):
    """Raw stream data holding each block ``stream_block`` offers once, valued with its preview value.

    With ``text``, every text in it (plain or rich, filled in or left blank by the preview)
    becomes ``text(path)`` instead, ``path`` naming where it sits, e.g.
    ``("how_it_works", "steps", 0, "title")``. The image block previews the newest image
    in the library, so make one first.
    """
    return [
        {
            "type": name,
            "value": with_text(block, block.get_prep_value(block.get_preview_value()), (name,), text),
        }
        for name, block in stream_block.child_blocks.items()
    ]


def with_text(block, raw, path, text):
    """``raw``, a block's stored value, with each text made ``text(path)`` (as it is without ``text``)."""
    if text is None:
        return raw
    if isinstance(block, blocks.StructBlock):
        return {
            name: with_text(child, raw.get(name), (*path, name), text)
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.ListBlock):
        return [
            {**item, "value": with_text(block.child_block, item["value"], (*path, n), text)}
            for n, item in enumerate(raw)
        ]
    if isinstance(block, blocks.RichTextBlock):
        return f"<p>{text(path)}</p>"
    if isinstance(block, blocks.CharBlock | blocks.TextBlock):
        return text(path)
    return raw


def stream_form_data(stream_block, body):
    """Raw stream data as the admin's page form posts it, for Wagtail's ``streamfield()`` test helper."""
    return [
        (item["type"], form_value(stream_block.child_blocks[item["type"]], item["value"])) for item in body
    ]


def treatment_edit_fields(page, body, **fields):
    """The treatment edit form's fields as a browser sends them for ``page``, before ``nested_form_data``.

    ``body`` is the body's posted form data (see ``stream_form_data``); ``fields`` replace any.
    """
    return {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "category": page.category,
        "schema_type": page.schema_type,
        "hero_image": "",
        "body": body,
        "tags": "",
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "social_image": "",
        "canonical_url": page.canonical_url,
        **fields,
    }


def form_value(block, raw):
    """One block's stored value as its form fields, nested as ``nested_form_data`` expects."""
    if isinstance(block, blocks.StructBlock):
        return {name: form_value(child, raw.get(name)) for name, child in block.child_blocks.items()}
    if isinstance(block, blocks.ListBlock):
        data = {
            str(n): {"value": form_value(block.child_block, item["value"]), "deleted": "", "order": str(n)}
            for n, item in enumerate(raw)
        }
        return {**data, "count": str(len(raw))}
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(raw or "", features=block.features)
    return "" if raw is None else str(raw)


def publish_signed_off(page):
    """Publish ``page`` as it stands, its medical content signed off as a loader's (as demo content is).

    For tests about something other than sign-off; tests of sign-off itself go through
    the workflow as clinicians do.
    """
    publish(page)
    page.refresh_from_db()
    return page


def sign_off_draft(page):
    """Record a loader's sign-off of ``page``'s latest revision (saving one if it has none), unpublished."""
    revision = page.get_latest_revision() or page.save_revision(clean=False)
    return sign_off_as_loader(page, revision)


class SignedOffPageFactory(wagtail_factories.PageFactory):
    """A page created live is published with a loader's sign-off: medical pages cannot be created live."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = super()._create(model_class, *args, **kwargs)
        if kwargs.get("live", True) and not page.live:
            publish_signed_off(page)
        return page


class TreatmentPageFactory(SignedOffPageFactory):
    title = factory.Sequence(lambda n: f"Treatment {n}")
    summary = "A treatment your provider may suggest."
    body = factory.LazyFunction(full_body)
    reviewed_by = factory.SubFactory(ClinicianFactory)
    last_reviewed = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=30))
    next_review_due = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=335))

    class Meta:
        model = TreatmentPage


class StaffAuthorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Staff Writer {n}")
    role = "Patient coordinator"

    class Meta:
        model = StaffAuthor


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Articles"
    slug = "articles"
    intro = "Answers to the questions patients ask us."

    class Meta:
        model = ArticleIndexPage


class ArticlePageFactory(SignedOffPageFactory):
    """A live article by a clinician; pass ``tags=[...]`` (names) and ``related_treatments=[...]``."""

    title = factory.Sequence(lambda n: f"Article {n}")
    intro = "What patients ask us, answered plainly. Ask your provider about your own care."
    date = factory.LazyFunction(timezone.localdate)
    clinician_author = factory.SubFactory(ClinicianFactory)
    body = factory.LazyFunction(lambda: [{"type": "rich_text", "value": "<p>Ask your provider.</p>"}])

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, names, **kwargs):
        if names:
            self.tags.add(*names)
            if create:
                self.save()

    @factory.post_generation
    def related_treatments(self, create, treatments, **kwargs):
        if treatments:
            self.related_treatments.set(treatments)
            if create and self.live:
                publish_signed_off(self)
            elif create:
                self.save()

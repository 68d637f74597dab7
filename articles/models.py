"""Blog articles: the article index (listing, tag listings, feed), article pages and staff authors."""

import datetime
from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.blocks import BodyBlock, faq_items_in
from cms.forms import PublishRequirementsForm
from cms.jsonld import faq_page
from cms.models import SeoMixin, StaffProfile, optional_image
from cms.stored_parts import listing_version
from cms.visibility import public
from signoff.models import MedicalReviewMixin
from signoff.panels import SignOffPanel
from treatments.models import TreatmentPage

from .cards import article_cards
from .feeds import ArticleFeed
from .forms import ArticleIndexPageForm
from .pagination import MAX_PER_PAGE, MIN_PER_PAGE, paginate
from .related import related_article_ids
from .structured_data import blog_posting


class StaffAuthor(StaffProfile):
    """A member of the clinic's team who writes articles but does not review pages medically."""

    class Meta(StaffProfile.Meta):
        verbose_name = _("staff author")
        verbose_name_plural = _("staff authors")


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


#: The renditions of a card's picture, as components/card_image.html asks for them.
CARD_IMAGE_FILTERS = ("fill-480x320|format-webp", "fill-960x640|format-webp")

#: What an article's card shows (articles/cards.py), and what its address and picture are made from.
CARD_FIELDS = (
    "title",
    "url_path",
    "date",
    "intro",
    "clinician_author__name",
    "clinician_author__credentials",
    "staff_author__name",
    "staff_author__credentials",
    "hero_image__title",
    "hero_image__description",
    "hero_image__file",
    "hero_image__width",
    "hero_image__height",
    "hero_image__focal_point_x",
    "hero_image__focal_point_y",
    "hero_image__focal_point_width",
    "hero_image__focal_point_height",
)


class ArticlePageQuerySet(PageQuerySet):
    def with_card_content(self, *more_fields):
        """With what an article's card shows, in a fixed number of queries whatever the number of articles.

        Only the card's fields (``CARD_FIELDS``) and ``more_fields`` are loaded: authors and
        hero image joined, the image's card renditions prefetched (one query).
        """
        renditions = (
            get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_IMAGE_FILTERS)
        )
        return (
            self.only(*CARD_FIELDS, *more_fields)
            .select_related("clinician_author", "staff_author", "hero_image")
            .prefetch_related(
                Prefetch("hero_image__renditions", queryset=renditions, to_attr="prefetched_renditions")
            )
        )

    def for_listing(self, *more_fields):
        """Live, public articles, newest first, with what their cards show (and ``more_fields``)."""
        return public(self.live()).with_card_content(*more_fields).order_by("-date", "-pk")

    def related_to(self, treatment, limit):
        """Up to ``limit`` live, public articles for ``treatment``'s page, with what their cards show.

        Those naming the treatment come first, then those sharing most of its tags, newest
        first within each (``articles.related``). Works on a saved treatment and on a preview.
        """
        ids = related_article_ids(treatment, limit)
        articles = self.model.objects.with_card_content().in_bulk(ids)
        return [articles[pk] for pk in ids]


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class ArticleIndexPage(RoutablePageMixin, SeoMixin, Page):
    """The blog: articles newest first, a listing per tag at ``tags/<slug>/`` and a feed at ``feed/``."""

    intro = models.TextField(
        _("introduction"), blank=True, max_length=500, help_text=_("A sentence or two above the list.")
    )
    per_page = models.PositiveSmallIntegerField(
        _("articles per page"),
        default=12,
        validators=[MinValueValidator(MIN_PER_PAGE), MaxValueValidator(MAX_PER_PAGE)],
        help_text=_("How many articles each page of the list shows (1 to 50)."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("per_page")]
    promote_panels = Page.promote_panels + SeoMixin.seo_panels

    search_fields = Page.search_fields + [index.SearchField("intro")]
    summary_field = "intro"

    base_form_class = ArticleIndexPageForm
    parent_page_types = ["home.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    max_count = 1
    # The only query parameter this page is shown, and keyed on in the page cache (cms/page_parameters.py).
    query_parameters = ("page",)

    listing_page_number = 1  # set while a listing renders; see get_canonical_url
    listing_tag = None  # set while a tag listing renders; see get_meta_description

    class Meta:
        verbose_name = _("article index page")

    def get_meta_description(self):
        """On a tag listing, a sentence naming the tag before the index's own description."""
        description = super().get_meta_description()
        if self.listing_tag is None:
            return description
        about = _("Our articles about %(tag)s.") % {"tag": self.listing_tag.name}
        return f"{about} {description}" if description else about

    def get_social_description(self):
        """A tag listing is shared with its own description; the social description is the index's."""
        if self.listing_tag is None:
            return super().get_social_description()
        return self.get_meta_description()

    def tag_listing_title(self, tag):
        return _("Articles about %(tag)s") % {"tag": tag.name}

    def articles(self):
        """Its articles for the listing and the feed: their cards, tags and when last published."""
        return ArticlePage.objects.child_of(self).for_listing("last_published_at").prefetch_related("tags")

    def tag_url(self, tag_slug, request=None):
        return self.get_url(request) + self.reverse_subpage("tag", kwargs={"tag_slug": tag_slug})

    def feed_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("feed")

    def get_canonical_url(self, request=None):
        """Each tag listing, and each page of a listing, is its own page for search engines.

        The editor's canonical URL override still wins.
        """
        if self.canonical_url:
            return self.canonical_url
        url = self.get_full_url(request)
        match = getattr(request, "routable_resolver_match", None)
        if match and match.url_name == "tag":
            url += self.reverse_subpage("tag", kwargs=match.kwargs)
        if self.listing_page_number > 1:
            url += f"?page={self.listing_page_number}"
        return url

    @path("", name="index")
    def index_route(self, request):
        return self.render_listing(request, self.articles())

    # Tag slugs may hold any letters, not only ASCII ones (taggit keeps "ü" in "ünïcode-tag").
    @re_path(r"^tags/(?P<tag_slug>[-\w]+)/$", name="tag")
    def tag_route(self, request, tag_slug):
        tag = get_object_or_404(Tag, slug=tag_slug)
        return self.render_listing(request, self.articles().filter(tags=tag), tag=tag)

    @path("feed/", name="feed")
    def feed_route(self, request):
        return ArticleFeed()(request, index=self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["feed_url"] = self.feed_url(request)
        return context

    def render_listing(self, request, articles, tag=None):
        articles = paginate(request, articles, self.per_page)
        if tag is not None and not articles.paginator.count:
            # A tag only treatments or images carry has no listing: no empty page for search engines.
            raise Http404(f"No live articles are tagged {tag.name!r}.")
        # The page is loaded afresh for each request, so these describe this request's listing.
        self.listing_page_number = articles.number
        self.listing_tag = tag
        # Called by the template, inside its page fragment: a request that reuses the
        # fragment builds no cards.
        cards = partial(article_cards, articles, request, tags_from=self)
        # Called only where the listing is a stored part (the first page, no tag).
        version = partial(listing_page_version, articles)
        context = {"articles": articles, "cards": cards, "listing_version": version, "tag": tag}
        if tag is not None:
            # The heading, <title>, og:title and twitter:title (includes/seo_meta.html).
            context["share_title"] = self.tag_listing_title(tag)
        return self.render(request, context_overrides=context)


def listing_page_version(articles):
    """The version of a page of an article listing as a stored part (cms/stored_parts.py):
    its articles as published, and how many there are in all (its pagination)."""
    rows = articles.object_list.values_list("pk", "live_revision_id", "last_published_at")
    return f"{articles.paginator.count} {listing_version(rows)}"


#: An article has exactly one author, set in one of these; a draft may leave both empty.
AUTHOR_FIELDS = ("clinician_author", "staff_author")


class ArticlePage(MedicalReviewMixin, SeoMixin, Page):
    """An article answering patients' questions, written by a clinician or a member of staff."""

    date = models.DateField(
        _("publication date"),
        default=datetime.date.today,
        help_text=_("Shown on the article and used to order the list, newest first."),
    )
    intro = models.TextField(
        _("introduction"),
        max_length=300,
        help_text=_("One or two plain sentences: shown under the title, in listings and in search results."),
    )
    clinician_author = models.ForeignKey(
        "cms.Clinician",
        verbose_name=_("clinician author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("A clinician who wrote it. Choose a clinician or a staff author, not both."),
    )
    staff_author = models.ForeignKey(
        StaffAuthor,
        verbose_name=_("staff author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("A member of staff who wrote it. Choose a clinician or a staff author, not both."),
    )
    hero_image = optional_image(_("main image"), _("Shown at the top of the article and in listings."))
    body = StreamField(
        BodyBlock(),
        verbose_name=_("body"),
        help_text=_("The article: text, images, callouts, calls to action and questions."),
    )
    tags = ClusterTaggableManager(
        through=ArticlePageTag,
        blank=True,
        help_text=_(
            "Topics; visitors can list the articles sharing a tag, and treatments with it link here."
        ),
    )
    related_treatments = ParentalManyToManyField(
        TreatmentPage,
        verbose_name=_("treatments discussed"),
        blank=True,
        related_name="articles",
        help_text=_("The article links to these treatments, and their pages list it first."),
    )
    medical_content = models.BooleanField(
        _("medical content"),
        default=False,
        help_text=_(
            "Tick if the article gives medical information. Such articles, and every article that "
            "discusses a treatment, go live only after a clinician signs them off."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("clinician_author"), FieldPanel("staff_author")],
            heading=_("Date and author"),
        ),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldPanel("related_treatments", widget=forms.CheckboxSelectMultiple),
                FieldPanel("medical_content"),
                SignOffPanel(),
            ],
            heading=_("Medical review"),
        ),
    ]
    promote_panels = Page.promote_panels + SeoMixin.seo_panels

    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.RelatedFields("clinician_author", [index.SearchField("name")]),
        index.RelatedFields("staff_author", [index.SearchField("name")]),
        index.AutocompleteField("intro"),
        index.FilterField("date"),
        index.FilterField("tags"),
    ]

    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []

    medical_fields = ("title", "intro", "body", "related_treatments", "medical_content")
    summary_field = "intro"

    objects = ArticlePageManager()
    base_form_class = PublishRequirementsForm

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def missing_to_publish(self, value_of):
        if any(value_of(name) for name in AUTHOR_FIELDS):
            return {}
        return dict.fromkeys(
            AUTHOR_FIELDS, _("Needed to publish: choose the author, a clinician or a staff author.")
        )

    def clean(self):
        super().clean()
        errors = self.publish_requirement_errors()
        if self.clinician_author_id and self.staff_author_id:
            errors = dict.fromkeys(
                AUTHOR_FIELDS, _("Choose one author: a clinician or a staff author, not both.")
            )
        if errors:
            raise ValidationError(errors)

    @classmethod
    def needing_review(cls, pages):
        return pages.filter(
            models.Q(medical_content=True) | models.Q(related_treatments__isnull=False)
        ).distinct()

    @classmethod
    def content_needs_medical_review(cls, content):
        return bool(content.get("medical_content") or content.get("related_treatments"))

    @property
    def needs_medical_review(self):
        """Articles discussing a treatment, or marked as medical content, are signed off as treatments are."""
        return self.medical_content or self.related_treatments.exists()

    @property
    def author(self):
        """The clinician or staff author who wrote it (both offer name, credentials, role, photo, bio)."""
        return self.clinician_author or self.staff_author

    @cached_property
    def tag_list(self):
        """The article's tags by name, fetched once for the page and its JSON-LD."""
        return sorted(self.tags.all(), key=lambda tag: tag.name.lower())

    @cached_property
    def named_treatments(self):
        """The live, public treatments this article discusses, by title (also on a preview)."""
        # values_list is a subquery on a saved page and a list on a preview's in-memory copy.
        ids = self.related_treatments.values_list("id", flat=True)
        return list(
            public(TreatmentPage.objects.filter(pk__in=ids).live()).defer_streamfields().order_by("title")
        )

    @cached_property
    def named_treatments_version(self):
        """The version of what shows the treatments it names (its aside and JSON-LD) as stored
        parts (cms/stored_parts.py): every treatment it names, as published."""
        rows = self.related_treatments.order_by("pk").values_list(
            "pk", "live_revision_id", "last_published_at"
        )
        return listing_version(rows)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A callable, which the template calls only where it prints it: a reused page
        # fragment (cms/templatetags/page_fragments.py) skips the work.
        context["structured_data"] = partial(self.structured_data, request)
        return context

    def structured_data(self, request):
        """The article's JSON-LD documents: ``BlogPosting``, and ``FAQPage`` when it has questions."""
        return [blog_posting(self, request), faq_page(self.faq_items())]

    @cached_property
    def article_index(self):
        """The listing this article sits in: the feed link and the tag links point there."""
        return self.get_parent().specific

    def faq_items(self):
        return faq_items_in(self.body)

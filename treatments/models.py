from functools import partial

from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import faq_items_in, page_sections
from cms.forms import PublishRequirementsForm
from cms.models import SeoMixin, optional_image
from cms.provenance import BackDatedPublicationMixin
from cms.visibility import public
from signoff.models import MedicalReviewMixin
from signoff.panels import SignOffPanel

from .blocks import TreatmentBodyBlock
from .jsonld import treatment_json_ld


class Condition(index.Indexed, models.Model):
    """A condition or concern a treatment addresses, e.g. 'Chronic migraine'."""

    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("e.g. 'Chronic migraine'."))
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("Used in filter links, e.g. 'chronic-migraine'.")
    )
    description = models.TextField(
        _("description"), blank=True, max_length=500, help_text=_("One or two plain sentences, optional.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")

    def __str__(self):
        return self.name


class TreatmentPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "treatments.TreatmentPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class TreatmentIndexPage(SeoMixin, Page):
    """Lists the clinic's treatments; visitors can narrow the list by condition or category."""

    intro = models.TextField(
        _("introduction"), blank=True, max_length=500, help_text=_("A sentence or two above the list.")
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = Page.promote_panels + SeoMixin.seo_panels

    search_fields = Page.search_fields + [index.SearchField("intro")]
    summary_field = "intro"

    parent_page_types = ["home.HomePage"]
    subpage_types = ["treatments.TreatmentPage"]
    max_count = 1
    # The only query parameters this page is shown, and keyed on in the page cache (cms/page_parameters.py).
    query_parameters = ("condition", "category")

    class Meta:
        verbose_name = _("treatment index page")

    def treatments(self):
        return (
            public(TreatmentPage.objects.child_of(self).live())
            .defer_streamfields()
            .select_related("hero_image")
            .prefetch_related("conditions")
            .order_by("title")
        )

    def categories_in_use(self):
        """The category filter's choices: only categories some live treatment is in, in the usual order."""
        used = set(self.treatments().order_by().values_list("category", flat=True).distinct())
        return [(value, label) for value, label in TreatmentPage.CATEGORY_CHOICES if value in used]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        treatments = self.treatments()
        condition_slug = request.GET.get("condition", "")
        category = request.GET.get("category", "")
        selected_condition = None
        if condition_slug:
            selected_condition = Condition.objects.filter(slug=condition_slug).first()
            if selected_condition is None:
                raise Http404(_("No such condition."))
            treatments = treatments.filter(conditions=selected_condition)
        if category:
            if category not in dict(TreatmentPage.CATEGORY_CHOICES):
                raise Http404(_("No such category."))
            treatments = treatments.filter(category=category)
        context.update(
            treatments=treatments,
            conditions=Condition.objects.filter(treatments__in=self.treatments()).distinct(),
            categories=self.categories_in_use(),
            selected_condition=selected_condition,
            selected_category=category,
        )
        return context


class TreatmentPage(BackDatedPublicationMixin, SeoMixin, MedicalReviewMixin, Page):
    """One treatment, such as 'Botox for chronic migraine', built from structured sections."""

    CATEGORY_CHOICES = [
        ("medical", _("Medical")),
        ("aesthetic", _("Aesthetic")),
        ("wellbeing", _("Wellbeing")),
    ]
    SCHEMA_TYPE_CHOICES = [
        ("MedicalProcedure", _("A procedure, e.g. injections")),
        ("MedicalTherapy", _("A therapy, e.g. a course of treatment")),
    ]

    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two plain sentences for listings, search results and search engines."),
    )
    conditions = ParentalManyToManyField(
        Condition,
        related_name="treatments",
        blank=True,
        verbose_name=_("conditions treated"),
        help_text=_("What this treatment is for; visitors can filter treatments by these."),
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=CATEGORY_CHOICES,
        default="medical",
        help_text=_("Groups treatments on the treatments page."),
    )
    schema_type = models.CharField(
        _("kind of treatment"),
        max_length=20,
        choices=SCHEMA_TYPE_CHOICES,
        default="MedicalProcedure",
        help_text=_(
            "How search engines are told about it. Only a therapy also tells them who should not "
            "have it, its side effects and the conditions it treats (schema.org's rule)."
        ),
    )
    hero_image = optional_image(_("main image"), _("Shown at the top of the page and in listings."))
    body = StreamField(
        TreatmentBodyBlock(),
        verbose_name=_("body"),
        help_text=_("Add the structured sections (how it works, how often, who it is for, risks, FAQ)."),
    )
    tags = ClusterTaggableManager(
        through=TreatmentPageTag, blank=True, help_text=_("Topics shared with related articles.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("conditions"), FieldPanel("category"), FieldPanel("schema_type")],
            heading=_("What it treats"),
        ),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        SignOffPanel(),
    ]
    promote_panels = Page.promote_panels + SeoMixin.seo_panels
    settings_panels = Page.settings_panels + [BackDatedPublicationMixin.first_published_panel]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        # Boost 2, the title's: Elasticsearch only queries boosted copies of the boosts
        # that top-level fields use, so a nested boost of its own would be ignored there.
        index.RelatedFields("conditions", [index.SearchField("name", boost=2)]),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.AutocompleteField("summary"),
        index.FilterField("category"),
        index.FilterField("tags"),
    ]

    medical_fields = ("title", "summary", "conditions", "schema_type", "body")
    summary_field = "summary"

    base_form_class = PublishRequirementsForm
    parent_page_types = ["treatments.TreatmentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("treatment page")

    @cached_property
    def sections(self):
        """The body's blocks with anchors; see ``cms.blocks.page_sections``."""
        return page_sections(self.body)

    @cached_property
    def table_of_contents(self):
        return [(anchor, heading) for _block, anchor, heading in self.sections if heading]

    @cached_property
    def condition_list(self):
        """The conditions it treats, read once for the page header and the JSON-LD."""
        return list(self.conditions.all())

    def first_block(self, block_type):
        """The value of the first body block of ``block_type``, or None."""
        return next((block.value for block in self.body if block.block_type == block_type), None)

    @cached_property
    def has_own_call_to_action(self):
        """Whether the body has a call to action with a button: it takes the place of the "Talk to us" box.

        One whose chosen page is not live shows no button, so the box stays.
        """
        cta = self.first_block("cta")
        return bool(cta and cta.url())

    def faq_items(self):
        return faq_items_in(self.body)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Built for the request, whose site and team page address it reads once for the
        # whole page; a callable, which a reused page fragment never calls.
        context["structured_data"] = partial(self.structured_data, request)
        return context

    def structured_data(self, request):
        """The page's JSON-LD documents; see ``treatments.jsonld``."""
        return treatment_json_ld(self, request)

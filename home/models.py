from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable, Page

from cms.models import SeoMixin, optional_image
from cms.stored_parts import listing_version
from cms.visibility import public
from treatments.models import TreatmentIndexPage, TreatmentPage


class HomePage(SeoMixin, Page):
    """The clinic's front page: a welcome, featured treatments and the latest articles."""

    hero_heading = models.CharField(
        _("welcome heading"),
        max_length=120,
        help_text=_("The first thing visitors read, e.g. 'Care you can trust'."),
    )
    hero_text = models.TextField(
        _("welcome text"), max_length=400, blank=True, help_text=_("One or two sentences under the heading.")
    )
    hero_image = optional_image(_("welcome image"), _("A wide photo behind or beside the welcome."))
    featured_heading = models.CharField(
        _("featured treatments heading"),
        max_length=100,
        default="Our treatments",
        help_text=_("Above the featured treatments."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Welcome"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("featured_heading"),
                InlinePanel("featured_treatments", label=_("Treatment"), max_num=6),
            ],
            heading=_("Featured treatments"),
        ),
    ]
    promote_panels = Page.promote_panels + SeoMixin.seo_panels

    summary_field = "hero_text"
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def featured(self):
        """The live, public featured treatments, in the editor's order, with what their cards show.

        A treatment made private (password or login) drops out, as from every other listing.
        """
        links = list(
            self.featured_treatments.select_related("treatment__hero_image")
            .prefetch_related("treatment__conditions")
            .order_by("sort_order")
        )
        # By key, not as a subquery: a preview's featured list lives in memory, not the database.
        chosen = [link.treatment_id for link in links]
        shown = set(public(TreatmentPage.objects.live()).filter(pk__in=chosen).values_list("pk", flat=True))
        return [link.treatment for link in links if link.treatment_id in shown]

    def featured_version(self):
        """The version of the featured treatments as a stored part (cms/stored_parts.py).

        Every chosen treatment, shown or not: one going live or private retires every
        stored part anyway.
        """
        rows = self.featured_treatments.order_by("sort_order").values_list(
            "treatment_id", "treatment__live_revision_id", "treatment__last_published_at"
        )
        return listing_version(rows)

    def treatment_index(self):
        """The live, public treatment index under this page, for the 'All treatments' link; else None."""
        return public(TreatmentIndexPage.objects.child_of(self).live()).first()


class HomeFeaturedTreatment(Orderable):
    """A treatment chosen for the home page."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_treatments")
    treatment = models.ForeignKey(
        "treatments.TreatmentPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A treatment page to feature."),
    )

    panels = [PageChooserPanel("treatment")]

"""Abstract page mixins: SEO metadata and medical review."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from .images import optional_image


class SeoMixin(models.Model):
    """Metadata SEO staff set on the Promote tab, beside Wagtail's own SEO title and description."""

    social_image = optional_image(
        _("social image"), _("Shown when the page is shared. Falls back to the page's main image.")
    )
    canonical_url = models.URLField(
        _("canonical URL"),
        blank=True,
        help_text=_("Only if this page's content is published first elsewhere. Leave blank normally."),
    )
    no_index = models.BooleanField(
        _("hide from search engines"),
        default=False,
        help_text=_("Adds 'noindex' and leaves the page out of the sitemap."),
    )

    seo_panels = [
        MultiFieldPanel(
            [FieldPanel("social_image"), FieldPanel("canonical_url"), FieldPanel("no_index")],
            heading=_("Search engines and sharing"),
        )
    ]

    class Meta:
        abstract = True

    def get_meta_description(self):
        """Wagtail's search description, else the page's own summary text."""
        return self.search_description or self.get_summary_text()

    def get_summary_text(self):
        """The plain text a page offers when it has no search description."""
        return ""

    def get_social_image(self):
        return self.social_image or getattr(self, "hero_image", None)

    def get_canonical_url(self, request=None):
        return self.canonical_url or self.get_full_url(request)

    def get_sitemap_urls(self, request=None):
        return [] if self.no_index else super().get_sitemap_urls(request)


REVIEW_FIELDS = ("reviewed_by", "last_reviewed", "next_review_due")
REVIEW_NEEDED_TO_PUBLISH = _("Needed to publish: treatment pages show who reviewed them medically, and when.")


class MedicalReviewMixin(models.Model):
    """Who last checked a page medically, when, and when it must be checked again."""

    reviewed_by = models.ForeignKey(
        "cms.Clinician",
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The clinician who checked this page's medical content."),
    )
    last_reviewed = models.DateField(
        _("last reviewed"), null=True, blank=True, help_text=_("The date of that check.")
    )
    next_review_due = models.DateField(
        _("next review due"),
        null=True,
        blank=True,
        help_text=_("When the content must be checked again; usually within a year."),
    )

    review_panels = [
        MultiFieldPanel(
            [FieldPanel("reviewed_by"), FieldPanel("last_reviewed"), FieldPanel("next_review_due")],
            heading=_("Medical review"),
        )
    ]

    class Meta:
        abstract = True

    def review_checked_by_model(self):
        """Whether ``clean`` requires the review: for a page that is live, or going live, in the database.

        However a saved page goes live (the editor's Publish, bulk publish, a published
        copy, a schedule, a workflow), Wagtail validates it live first, so it cannot go
        live without its review. A page being created is left to the admin form, which
        knows whether the editor is saving a draft (drafts may wait) or publishing.
        """
        return self.live and not self._state.adding

    def missing_review_fields(self):
        """The names of the review fields left empty."""
        return [name for name in REVIEW_FIELDS if getattr(self, self._meta.get_field(name).attname) is None]

    def clean(self):
        super().clean()
        errors = {}
        if self.review_checked_by_model():
            errors.update(dict.fromkeys(self.missing_review_fields(), REVIEW_NEEDED_TO_PUBLISH))
        if self.last_reviewed and not self.reviewed_by:
            errors["reviewed_by"] = _("Say who reviewed the page on the date given.")
        if self.last_reviewed and self.last_reviewed > timezone.localdate():
            errors["last_reviewed"] = _("The review date cannot be in the future.")
        if self.next_review_due and self.last_reviewed and self.next_review_due <= self.last_reviewed:
            errors["next_review_due"] = _("The next review must be due after the last review.")
        if errors:
            raise ValidationError(errors)

    @property
    def review_overdue(self):
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())

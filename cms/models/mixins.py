"""Abstract page mixins: SEO metadata and what publishing needs (medical review is in ``signoff``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import PanelPlaceholder

from cms.routing import PathRoutingMixin

from .images import optional_image

# The share image Open Graph and JSON-LD name: 1200x630, the size sharing cards are drawn at.
SOCIAL_IMAGE_SPEC = "fill-1200x630|format-jpeg"


class SeoMixin(PathRoutingMixin, models.Model):
    """Metadata SEO staff set on the Promote tab, beside Wagtail's own SEO title and description.

    ``cms.seo_fields.SEO_FIELDS`` names these fields (and Wagtail's, and tags) as the
    page's SEO-only metadata. Every page type inherits it, so it also brings them
    one-query routing (cms/routing.py).
    """

    social_title = models.CharField(
        _("social title"),
        max_length=100,
        blank=True,
        help_text=_(
            "The headline shown when the page is shared on social media. Leave blank to use the "
            "SEO title, or the page title if there is none."
        ),
    )
    social_description = models.TextField(
        _("social description"),
        max_length=300,
        blank=True,
        help_text=_(
            "The text shown under the headline when the page is shared. Leave blank to use the "
            "search description, or the summary or introduction if there is none."
        ),
    )
    social_image = optional_image(
        _("social image"), _("Shown when the page is shared. Falls back to the page's main image.")
    )
    canonical_url = models.URLField(
        _("canonical URL"),
        blank=True,
        help_text=_(
            "Only if this page's content is published first elsewhere: that page's full "
            "address, starting https://. Leave blank normally."
        ),
        error_messages={"invalid": _("Enter a full address, starting https:// (not just a path).")},
    )
    no_index = models.BooleanField(
        _("hide from search engines"),
        default=False,
        help_text=_("Adds 'noindex' and leaves the page out of the sitemap."),
    )

    seo_panels = [
        # A placeholder, as Wagtail's own models name admin panels: the panel imports cms.seo,
        # which imports these models.
        PanelPlaceholder("cms.seo_panels.SearchSnippetPanel", [], {}),
        MultiFieldPanel(
            [
                FieldPanel("social_title"),
                FieldPanel("social_description"),
                FieldPanel("social_image"),
                FieldPanel("canonical_url"),
                FieldPanel("no_index"),
            ],
            heading=_("Search engines and sharing"),
        ),
    ]

    class Meta:
        abstract = True

    def get_meta_description(self):
        """Wagtail's search description, else the page's own summary text."""
        return self.search_description or self.get_summary_text()

    #: The field whose plain text stands in for a missing search description ("" for none);
    #: the Promote tab's snippet preview follows it as the editor types.
    summary_field = ""

    def get_summary_text(self):
        """The plain text a page offers when it has no search description."""
        return getattr(self, self.summary_field) if self.summary_field else ""

    def get_social_title(self):
        """The shared headline: the social title, else the SEO title, else the page title."""
        return (self.social_title or "").strip() or (self.seo_title or "").strip() or self.title

    def get_social_description(self):
        """The shared text: the social description, else the meta description (and its fallback)."""
        return (self.social_description or "").strip() or self.get_meta_description()

    def get_social_image(self):
        return self.social_image or getattr(self, "hero_image", None)

    def get_social_rendition(self):
        """The share image's rendition, or None without an image or when it cannot be made."""
        image = self.get_social_image()
        rendition = get_rendition_or_not_found(image, SOCIAL_IMAGE_SPEC) if image else None
        return None if rendition is None or rendition.is_stand_in else rendition

    def get_canonical_url(self, request=None):
        return self.canonical_url or self.get_full_url(request)

    def get_sitemap_urls(self, request=None):
        return [] if self.no_index else super().get_sitemap_urls(request)


class PublishRequirementsMixin:
    """What a page needs to go live beyond its required fields; a draft may leave it for later.

    ``missing_to_publish(value_of)`` returns ``{field name: message}``, reading each
    field through ``value_of(name)`` (the page's own value, or the admin form's cleaned
    one). The admin form (``cms.forms.PublishRequirementsForm``) checks on every action
    but saving a draft. ``clean`` checks a saved page that is live or going live, which
    covers every other way to publish (bulk publish, a published copy, a schedule, a
    workflow): Wagtail validates a page as live before it goes live.
    """

    def missing_to_publish(self, value_of):
        return {}

    def publish_requirements_checked_by_model(self):
        """Whether ``clean`` applies them: to a saved page live or going live (new pages are the form's)."""
        return self.live and not self._state.adding

    def problems_going_live_as_edited(self):
        """Messages for why the page as the admin form left it cannot go live, beyond its fields' own."""
        return []

    def publish_requirement_errors(self):
        if not self.publish_requirements_checked_by_model():
            return {}
        return self.missing_to_publish(lambda name: getattr(self, self._meta.get_field(name).attname))

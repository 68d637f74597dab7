from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from cms.blocks import OpeningHoursBlock


@register_setting(icon="site")
class ClinicSettings(BaseSiteSetting):
    """The clinic's contact details, shown in the header and footer and in JSON-LD."""

    name = models.CharField(_("clinic name"), max_length=120, help_text=_("As patients know it."))
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("Shown in the header, e.g. '020 7946 0000'.")
    )
    email = models.EmailField(_("email"), blank=True, help_text=_("For patient enquiries."))
    street_address = models.CharField(
        _("street address"), max_length=200, blank=True, help_text=_("Building and street.")
    )
    locality = models.CharField(_("town or city"), max_length=100, blank=True, help_text=_("e.g. 'London'."))
    region = models.CharField(_("county or region"), max_length=100, blank=True, help_text=_("Optional."))
    postal_code = models.CharField(_("postcode"), max_length=20, blank=True, help_text=_("e.g. 'W1G 9PF'."))
    country = models.CharField(
        _("country code"),
        max_length=2,
        default="GB",
        validators=[
            RegexValidator(r"^[A-Z]{2}$", _("Use the two capital letters of the ISO code, e.g. 'GB'."))
        ],
        help_text=_("Two-letter ISO code, e.g. 'GB'."),
    )
    booking_url = models.URLField(
        _("booking link"), blank=True, help_text=_("Where the 'Book a consultation' buttons go.")
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("months between medical reviews"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_(
            "When a clinician signs off a page, its next review falls due this many months later "
            "unless they choose an earlier date."
        ),
    )
    opening_hours = StreamField(
        [("hours", OpeningHoursBlock())],
        blank=True,
        verbose_name=_("opening hours"),
        help_text=_("One row per set of days with the same hours."),
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("booking_url")], heading=_("Contact")
        ),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("locality"),
                FieldPanel("region"),
                FieldPanel("postal_code"),
                FieldPanel("country"),
            ],
            heading=_("Address"),
        ),
        FieldPanel("opening_hours"),
        FieldPanel("review_interval_months"),
    ]

    class Meta:
        verbose_name = _("clinic details")
        verbose_name_plural = _("clinic details")

    def __str__(self):
        return self.name or str(_("Clinic details"))

    @property
    def address_lines(self):
        """The non-empty parts of the address, in postal order."""
        parts = [self.street_address, self.locality, self.region, self.postal_code]
        return [part for part in parts if part]

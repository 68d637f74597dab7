from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .images import optional_image


class StaffProfile(index.Indexed, models.Model):
    """Who someone at the clinic is, as shown beside the pages they review or write."""

    name = models.CharField(
        _("name"), max_length=120, help_text=_("Full name, e.g. 'Dr Amara Okafor' or 'Priya Shah'.")
    )
    credentials = models.CharField(
        _("credentials"),
        max_length=120,
        blank=True,
        help_text=_("Optional post-nominal letters, qualifications or registration, e.g. 'MBBS, MRCP'."),
    )
    role = models.CharField(
        _("role"),
        max_length=120,
        help_text=_("Job title at the clinic, e.g. 'Consultant neurologist' or 'Patient coordinator'."),
    )
    photo = optional_image(
        _("photo"), _("A head-and-shoulders photo, shown beside their reviews and articles.")
    )
    bio = models.TextField(
        _("short bio"),
        max_length=600,
        blank=True,
        help_text=_("Two or three sentences about them. Plain text."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """Name with credentials, e.g. 'Dr Amara Okafor, MBBS, MRCP'."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class Clinician(StaffProfile):
    """A clinician who treats patients, reviews pages medically or writes articles."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinician",
        help_text=_(
            "The account this clinician signs in with. Only the linked account can give this "
            "clinician's medical sign-off."
        ),
    )

    panels = StaffProfile.panels + [FieldPanel("user")]
    search_fields = StaffProfile.search_fields + [index.SearchField("role")]

    class Meta(StaffProfile.Meta):
        verbose_name = _("clinician")
        verbose_name_plural = _("clinicians")

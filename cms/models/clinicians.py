from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Clinician(index.Indexed, models.Model):
    """A clinician who treats patients, reviews pages medically or writes articles."""

    name = models.CharField(_("name"), max_length=120, help_text=_("Full name, e.g. 'Dr Amara Okafor'."))
    credentials = models.CharField(
        _("credentials"),
        max_length=120,
        blank=True,
        help_text=_("Post-nominal letters or registration, e.g. 'MBBS, MRCP'."),
    )
    role = models.CharField(
        _("role"), max_length=120, help_text=_("Job title at the clinic, e.g. 'Consultant neurologist'.")
    )
    photo = models.ForeignKey(
        "cms.CustomImage",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A head-and-shoulders photo, shown beside reviews and articles."),
    )
    bio = models.TextField(
        _("short bio"),
        max_length=600,
        blank=True,
        help_text=_("Two or three sentences about their experience. Plain text."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("role"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("clinician")
        verbose_name_plural = _("clinicians")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """Name with credentials, e.g. 'Dr Amara Okafor, MBBS, MRCP'."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

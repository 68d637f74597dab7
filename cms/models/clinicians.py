import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
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


class RegulatoryBody(models.TextChoices):
    """The UK regulators whose registers a clinician may be on."""

    GMC = "GMC", _("GMC (General Medical Council): doctors")
    NMC = "NMC", _("NMC (Nursing and Midwifery Council): nurses and midwives")
    GDC = "GDC", _("GDC (General Dental Council): dentists")
    HCPC = "HCPC", _("HCPC (Health and Care Professions Council)")
    GPHC = "GPhC", _("GPhC (General Pharmaceutical Council): pharmacists")
    OTHER = "other", _("Another register")


#: Each regulator's public search page: visitors look the number up there. A search page,
#: not a registrant's own page, because the registers do not promise a stable address for one.
REGISTER_SEARCH_URLS = {
    RegulatoryBody.GMC: "https://www.gmc-uk.org/registration-and-licensing/the-medical-register",
    RegulatoryBody.NMC: "https://www.nmc.org.uk/registration/search-the-register/",
    RegulatoryBody.GDC: "https://olr.gdc-uk.org/searchregister",
    RegulatoryBody.HCPC: "https://www.hcpc-uk.org/check-the-register/",
    RegulatoryBody.GPHC: "https://www.pharmacyregulation.org/registers",
}

#: The form of a registration number where the regulator's is well known: (pattern, error).
#: Other registers' numbers only need to be letters and digits.
REGISTRATION_NUMBER_FORMS = {
    RegulatoryBody.GMC: (r"\d{7}", _("A GMC number is 7 digits, e.g. 7654321.")),
    RegulatoryBody.NMC: (
        r"\d{2}[A-Z]\d{4}[A-Z]",
        _("An NMC PIN is 2 digits, a letter, 4 digits and a letter, e.g. 12A3456E."),
    ),
    RegulatoryBody.GPHC: (r"\d{7}", _("A GPhC registration number is 7 digits, e.g. 2071234.")),
}
ANY_REGISTRATION_NUMBER = (r"[A-Z0-9]{1,20}", _("Use only letters and digits, as the register prints it."))


#: Titles left out of a profile address made from a name: 'Dr Amara Okafor' -> 'amara-okafor'.
TITLE_BEFORE_NAME = re.compile(r"^(dr|prof|professor|mr|mrs|ms|miss|mx)\.?\s+", re.IGNORECASE)


def normalised_registration_number(number):
    """``number`` as registers print it: capitals, without spaces or hyphens ('12a 3456-e' -> '12A3456E')."""
    return re.sub(r"[\s-]", "", number or "").upper()


class Clinician(StaffProfile):
    """A clinician who treats patients, reviews pages medically or writes articles.

    Their public profile (the team page's ``<slug>/``) shows their registration with a
    link to the regulator's register, so a visitor can check it for themselves.
    """

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
    slug = models.SlugField(
        _("profile address"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_(
            "The end of their profile page's address, e.g. 'eleanor-marsh'. Left blank, it is made "
            "from the name."
        ),
    )
    registration_body = models.CharField(
        _("registered with"),
        max_length=10,
        choices=RegulatoryBody.choices,
        blank=True,
        help_text=_("The regulator whose register they are on. Leave blank if none applies."),
    )
    registration_number = models.CharField(
        _("registration number"),
        max_length=20,
        blank=True,
        help_text=_("As the register prints it, e.g. 7654321 for the GMC or 12A3456E for the NMC."),
    )
    register_url = models.URLField(
        _("register link"),
        blank=True,
        help_text=_(
            "Optional: the address of their own entry on the register, starting https://. Left "
            "blank, the profile links to the register's search page."
        ),
        error_messages={"invalid": _("Enter a full address, starting https://.")},
    )
    specialties = models.TextField(
        _("specialties"),
        blank=True,
        max_length=600,
        help_text=_("One a line, e.g. 'Neurology' or 'Dermatology'."),
    )
    qualifications = models.TextField(
        _("qualifications"),
        blank=True,
        max_length=1000,
        help_text=_("One a line, with where and when, e.g. 'MBBS, University of London, 2004'."),
    )

    panels = StaffProfile.panels + [
        FieldPanel("slug"),
        MultiFieldPanel(
            [FieldPanel("registration_body"), FieldPanel("registration_number"), FieldPanel("register_url")],
            heading=_("Professional registration"),
        ),
        FieldPanel("specialties"),
        FieldPanel("qualifications"),
        FieldPanel("user"),
    ]
    search_fields = StaffProfile.search_fields + [index.SearchField("role")]

    class Meta(StaffProfile.Meta):
        verbose_name = _("clinician")
        verbose_name_plural = _("clinicians")

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.registration_number = normalised_registration_number(self.registration_number)
        errors = self.registration_errors()
        if not self.slug:
            self.slug = self.unique_slug()
        elif Clinician.objects.filter(slug=self.slug).exclude(pk=self.pk).exists():
            errors["slug"] = _("Another clinician's profile has this address; choose another.")
        if errors:
            raise ValidationError(errors)

    def registration_errors(self):
        if self.registration_number and not self.registration_body:
            return {"registration_body": _("Say which register this number is on.")}
        if self.registration_body and not self.registration_number:
            return {"registration_number": _("Give the number on that register.")}
        if not self.registration_number:
            return {}
        pattern, message = REGISTRATION_NUMBER_FORMS.get(self.registration_body, ANY_REGISTRATION_NUMBER)
        return {} if re.fullmatch(pattern, self.registration_number) else {"registration_number": message}

    def unique_slug(self):
        """A slug from the name ('Dr Amara Okafor' -> 'amara-okafor'), numbered if another has it."""
        base = (slugify(TITLE_BEFORE_NAME.sub("", self.name)) or "clinician")[:110]
        others = Clinician.objects.filter(slug__startswith=base).exclude(pk=self.pk)
        taken = set(others.values_list("slug", flat=True))
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    @property
    def registration(self):
        """E.g. 'GMC 7654321'; empty without a registration."""
        if not self.registration_number:
            return ""
        body = "" if self.registration_body == RegulatoryBody.OTHER else self.registration_body
        return f"{body} {self.registration_number}".strip()

    @property
    def register_link(self):
        """Where a visitor can check the registration: the editor's link, else the register's search page."""
        if not self.registration_number:
            return ""
        return self.register_url or REGISTER_SEARCH_URLS.get(self.registration_body, "")

    @property
    def specialty_list(self):
        return lines(self.specialties)

    @property
    def qualification_list(self):
        return lines(self.qualifications)


def lines(text):
    """The non-blank lines of ``text``, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]

"""The clinic's team in public: a page listing its clinicians, and a profile for each at ``<slug>/``."""

from django.db import models
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.images import get_image_model
from wagtail.models import Page, get_page_models
from wagtail.search import index

from cms.jsonld import clinic_id, physician
from cms.models import Clinician, ClinicSettings, SeoMixin
from cms.visibility import public


class TeamPage(RoutablePageMixin, SeoMixin, Page):
    """Who looks after patients: every clinician, and a profile page for each with their registration."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=500,
        help_text=_("A sentence or two above the list of clinicians."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = Page.promote_panels + SeoMixin.seo_panels

    search_fields = Page.search_fields + [index.SearchField("intro")]
    summary_field = "intro"

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    profile = None  # the clinician whose profile is rendering; see get_canonical_url

    class Meta:
        verbose_name = _("team page")

    def get_meta_description(self):
        """On a profile, the clinician's role and bio, not the team page's description."""
        if self.profile is None:
            return super().get_meta_description()
        summary = f"{self.profile.display_name}, {self.profile.role}."
        return f"{summary} {self.profile.bio}" if self.profile.bio else summary

    def get_social_description(self):
        """A profile is shared with its own description; the social description is the team page's."""
        if self.profile is None:
            return super().get_social_description()
        return self.get_meta_description()

    def get_canonical_url(self, request=None):
        """A profile is its own page for search engines; the editor's override is the team page's alone."""
        if self.profile is None:
            return super().get_canonical_url(request)
        return self.get_full_url(request) + self.profile_route(self.profile)

    def get_social_image(self):
        """On a profile, the clinician's photo."""
        if self.profile is not None and self.profile.photo:
            return self.profile.photo
        return super().get_social_image()

    def get_sitemap_urls(self, request=None):
        """The team page, then each profile: every one is a page of its own for search engines."""
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        page_url = self.get_full_url(request)
        return urls + [
            {"location": page_url + self.profile_route(clinician)} for clinician in Clinician.objects.all()
        ]

    def profile_route(self, clinician):
        return self.profile_path(clinician.slug)

    @classmethod
    def profile_path(cls, slug):
        """A profile's address below the team page's, e.g. 'eleanor-marsh/'."""
        return cls.get_resolver().reverse("profile", slug=slug)

    def clinicians(self):
        """Every clinician by name, with their photo's renditions: a fixed number of queries for any team."""
        images = get_image_model().objects.prefetch_renditions()
        return Clinician.objects.prefetch_related(Prefetch("photo", queryset=images)).order_by("name")

    @path("", name="index")
    def index_route(self, request):
        """The team: each clinician with the address of their profile."""
        page_url = self.get_url(request)
        profiles = [(clinician, page_url + self.profile_route(clinician)) for clinician in self.clinicians()]
        return self.render(request, context_overrides={"profiles": profiles})

    @path("<slug:slug>/", name="profile")
    def profile_route_view(self, request, slug):
        clinician = get_object_or_404(self.clinicians(), slug=slug)
        # The page is loaded afresh for each request, so this describes this request's profile.
        self.profile = clinician
        context = {
            "clinician": clinician,
            "reviewed_pages": reviewed_pages(clinician),
            "share_title": clinician.display_name,
            "structured_data": self.physician_json_ld(clinician, request),
        }
        return self.render(request, template="team/clinician_profile.html", context_overrides=context)

    def physician_json_ld(self, clinician, request):
        """The profile's ``Physician``, a member of the clinic the site's home page describes."""
        _site_id, root_url, _path = self.get_url_parts(request) or (None, "", "")
        clinic = ClinicSettings.for_request(request)
        photo = self.get_social_rendition()
        return physician(
            clinician,
            self.get_canonical_url(request),
            clinic_id=clinic_id(f"{root_url}/") if clinic.name else None,
            image=request.build_absolute_uri(photo.url) if photo else None,
        )


def reviewing_page_models():
    """The page types with a medical reviewer (``reviewed_by``), whichever apps define them."""
    return [
        model
        for model in get_page_models()
        if model is model._meta.concrete_model and "reviewed_by" in {f.name for f in model._meta.local_fields}
    ]


def reviewed_pages(clinician):
    """The live, public pages ``clinician`` reviewed medically last, by title: one query a page type."""
    pages = []
    for model in reviewing_page_models():
        pages += public(model.objects.live()).filter(reviewed_by=clinician).defer_streamfields()
    return sorted(pages, key=lambda page: page.title.lower())

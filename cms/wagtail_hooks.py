"""Admin registration for the site-wide models: the clinician snippet."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import Clinician


class ClinicianViewSet(SnippetViewSet):
    """Clinicians who review pages and write articles, listed by name with their role."""

    model = Clinician
    icon = "user"
    menu_label = _("Clinicians")
    list_display = ["name", "role", "credentials"]
    search_fields = ["name", "role"]


register_snippet(ClinicianViewSet)

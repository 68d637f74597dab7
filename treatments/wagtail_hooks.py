"""Admin registration for treatments: the conditions that treatments are filed under."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from treatments.models import Condition


class ConditionViewSet(SnippetViewSet):
    """Conditions editors attach to treatments; visitors filter the treatment list by them."""

    model = Condition
    icon = "tag"
    menu_label = _("Conditions")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    # In the table: SQLite's search index cannot restrict autocomplete to chosen fields.
    search_backend_name = None


register_snippet(ConditionViewSet)

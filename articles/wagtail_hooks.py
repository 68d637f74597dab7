"""Admin registration for articles: staff authors (snippet); the tag admin is the tags app's."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import StaffAuthor


class StaffAuthorViewSet(SnippetViewSet):
    """Members of staff who write articles, listed by name with their role."""

    model = StaffAuthor
    icon = "user"
    menu_label = _("Staff authors")
    list_display = ["name", "role"]
    search_fields = ["name", "role"]
    # Searched in the table, not the search index: the index does not hold "role", and
    # SQLite's cannot restrict autocomplete to chosen fields at all.
    search_backend_name = None


register_snippet(StaffAuthorViewSet)

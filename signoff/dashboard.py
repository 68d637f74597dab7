"""The admin dashboard's panel of medical reviews coming due, one click from each page's sign-off.

A clinician's account sees the pages that clinician last signed off, even when none
are due (so "nothing due" is an answer, not a missing panel). Staff who may see the
sign-off report (Editors) and are not clinicians see every page due, and no panel when
nothing is. Everyone else, SEO staff among them, sees no panel. The list is read
when the panel is chosen, in a fixed number of queries (``signoff.due.pages_due``).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .due import pages_due
from .records import clinician_of
from .views import PERMISSION


class ReviewsDuePanel(Component):
    name = "medical_reviews_due"
    template_name = "signoff/dashboard_panel.html"
    # Above Wagtail's own panels (workflow tasks at 100, recent edits at 250).
    order = 90

    def __init__(self, heading, due, show_report_link):
        self.heading = heading
        self.due = due
        self.show_report_link = show_report_link

    def get_context_data(self, parent_context):
        return {
            "heading": self.heading,
            "due": self.due,
            "show_report_link": self.show_report_link,
        }


def reviews_due_panel(user):
    """The panel ``user`` sees on the dashboard, or None."""
    can_see_report = user.has_perm(PERMISSION)
    clinician = clinician_of(user)
    if clinician is not None:
        return ReviewsDuePanel(_("Your pages due for medical review"), pages_due(clinician), can_see_report)
    if can_see_report:
        due = pages_due()
        if due:
            return ReviewsDuePanel(_("Pages due for medical review"), due, show_report_link=True)
    return None

"""The demo clinic's team page, under the home page, listing the clinicians (see clinic.py)."""

from wagtail.models import Page

from home.models import HomePage
from team.models import TeamPage

from .clinic import HOME_SLUG
from .loading import save_page

TEAM_SLUG = "team"
TEAM = {
    "title": "Our team",
    "intro": (
        "The doctors who see you and who check every treatment page. Each profile shows their "
        "professional registration, with a link to check it on the public register."
    ),
    "search_description": "Elmfield Clinic's doctors: their specialties, qualifications and registration.",
    "show_in_menus": True,
}


def load_team(report):
    """The team page; its profiles are the clinicians'."""
    home = HomePage.objects.child_of(Page.get_first_root_node()).get(slug=HOME_SLUG)
    save_page(TeamPage, home, TEAM_SLUG, TEAM, report)

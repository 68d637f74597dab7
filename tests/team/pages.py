"""The team page, as the demo loader puts it: at ``/team/`` under the home page."""

from team.models import TeamPage


def add_team_page(home_page, **fields):
    """A live team page at slug "team" under ``home_page``."""
    page = home_page.add_child(instance=TeamPage(title="Our team", slug="team", **fields))
    page.save_revision().publish()
    return page

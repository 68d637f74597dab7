"""Naming clinicians by their profiles costs the same queries for one clinician as for many."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from team.profiles import profile_url
from tests.factories import ClinicianFactory
from tests.team.pages import add_team_page


def queries_for_profiles(request, clinicians):
    """The profile addresses of ``clinicians`` for ``request``, and the queries it took to find them
    with nothing cached: the team page's address is looked up."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        urls = [profile_url(clinician, request, full=True) for clinician in clinicians]
    return urls, len(captured.captured_queries)


def test_the_team_page_is_looked_up_once_for_any_number_of_clinicians(rf, home_page):
    """A page naming its author and reviewer (or more) by their profiles finds the team page once."""
    add_team_page(home_page)
    one = ClinicianFactory.create_batch(1)
    three = ClinicianFactory.create_batch(3)

    one_urls, one_queries = queries_for_profiles(rf.get("/"), one)
    three_urls, three_queries = queries_for_profiles(rf.get("/"), three)

    assert three_urls == [f"http://localhost/team/{clinician.slug}/" for clinician in three]
    assert one_urls == [f"http://localhost/team/{one[0].slug}/"]
    assert three_queries == one_queries

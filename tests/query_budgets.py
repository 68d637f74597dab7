"""Counting a page view's queries for the query budgets, with and without the page's stored parts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import StoredPart


def queries_to_view(client, page, parts_stored=True):
    """Queries for one view of ``page``, after a first view warmed image renditions and stored its parts.

    With ``parts_stored=False`` the page's stored parts (cms/stored_parts.py) are deleted
    first: the view renders every part and stores them, as the first view after a change does.
    """
    assert client.get(page.url).status_code == 200
    if not parts_stored:
        StoredPart.objects.filter(page=page).delete()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)
    assert response.status_code == 200
    assert response.get("X-Page-Cache") != "hit", "measured a cached page, not a render"
    assert StoredPart.objects.filter(page=page).exists(), "the view stored no parts"
    return len(captured.captured_queries)

"""Elasticsearch down: search answers from the database, publishing still works.

Runs against a real closed port on 127.0.0.1 (nothing is mocked): the Elasticsearch
client gets "connection refused" on every request, as it would during an outage.
"""

import logging
import socket

import pytest
from django.core.cache import cache
from wagtail.models import Page

from cms.settings.base import search_backends
from search.outage import UNAVAILABLE_CACHE_KEY
from tests.factories import TreatmentPageFactory
from tests.search.conftest import publish

pytestmark = pytest.mark.django_db


def closed_port():
    """A local TCP port nothing listens on (bound briefly, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def elasticsearch_down(settings):
    """The production search settings, pointing Elasticsearch at a closed port."""
    settings.WAGTAILSEARCH_BACKENDS = search_backends(f"http://127.0.0.1:{closed_port()}", "elasticsearch9")
    settings.SEARCH_FALLBACK_BACKEND = "database"


def test_publishing_succeeds_and_the_database_index_is_current(elasticsearch_down, treatment_index, caplog):
    """Indexing into Elasticsearch fails and is logged; the page is published and in the database index."""
    page = TreatmentPageFactory(parent=treatment_index, title="Chemical peel", live=False)
    publish(page)
    assert Page.objects.get(pk=page.pk).live
    assert "Exception raised while adding" in caplog.text
    database_results = Page.objects.live().search("peel", backend="database")
    assert [result.title for result in database_results] == ["Chemical peel"]


def test_search_answers_from_the_database_with_a_warning(elasticsearch_down, make_treatment, client, caplog):
    """The search page shows database results, with a warning in the log, and does not retry at once."""
    make_treatment("Chemical peel", summary="A peel for uneven skin tone.")
    with caplog.at_level(logging.WARNING, logger="search.outage"):
        response = client.get("/search/", {"q": "peel"})
    assert response.status_code == 200
    assert [hit.page.title for hit in response.context["outcome"].page] == ["Chemical peel"]
    warnings = [record for record in caplog.records if record.name == "search.outage"]
    assert [record.levelno for record in warnings] == [logging.WARNING]
    assert cache.get(UNAVAILABLE_CACHE_KEY)

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="search.outage"):
        assert client.get("/search/", {"q": "peel"}).status_code == 200
    assert not [record for record in caplog.records if record.name == "search.outage"]


def test_autocomplete_answers_from_the_database(elasticsearch_down, make_treatment, client):
    make_treatment("Chemical peel")
    assert [item["title"] for item in client.get("/search/autocomplete/", {"q": "chem"}).json()] == [
        "Chemical peel"
    ]


def test_deleting_a_page_succeeds(elasticsearch_down, make_treatment):
    """Removing the page from Elasticsearch fails quietly; the page is deleted."""
    page = make_treatment("Chemical peel")
    page.delete()
    assert not Page.objects.filter(title="Chemical peel").exists()
    assert list(Page.objects.live().search("peel", backend="database")) == []


def test_without_a_fallback_errors_are_not_hidden(settings, make_treatment, client):
    """With no SEARCH_FALLBACK_BACKEND, a failing backend's error propagates (so it is noticed)."""
    make_treatment("Chemical peel")
    settings.WAGTAILSEARCH_BACKENDS = search_backends(f"http://127.0.0.1:{closed_port()}", "elasticsearch9")
    settings.SEARCH_FALLBACK_BACKEND = None
    client.raise_request_exception = True
    with pytest.raises(Exception, match="Connection"):
        client.get("/search/", {"q": "peel"})

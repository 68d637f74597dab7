"""The query parameters pages read, and nothing else.

A page class names the parameters it reads in ``query_parameters`` (a listing's
filters, its page number). Wagtail's page view shows a page only those (the
``before_serve_page`` hook in cms/wagtail_hooks.py drops the rest), and the page cache
keys pages on only the parameters some page reads. So ``?utm_source=…``, ``?fbclid=…``
or a random cache-buster give the same page from the same cache entry, and never
reach the links a page builds from the current URL.
"""

from functools import cache

from django.http import QueryDict
from wagtail.models import get_page_models


def only(query, names):
    """A mutable QueryDict of ``query``'s values for ``names``, sorted by name so equal queries match."""
    kept = QueryDict(mutable=True)
    for name in sorted(names & query.keys()):
        kept.setlist(name, query.getlist(name))
    return kept


def parameters_of(page):
    return frozenset(getattr(page, "query_parameters", ()))


@cache
def parameters_of_any_page():
    """Every parameter some page type reads: the page cache's key keeps these and no others."""
    return frozenset().union(*(parameters_of(model) for model in get_page_models()))


def page_query(query):
    """``query`` as the page cache keys it: only the parameters some page reads."""
    return only(query, parameters_of_any_page())


def query_for_page(page, query):
    """``query`` as ``page`` is shown it: only the parameters its type reads."""
    return only(query, parameters_of(page))

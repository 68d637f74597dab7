"""The public search page and the autocomplete endpoint."""

import re

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from treatments.models import TreatmentPage

from .autocomplete import autocomplete
from .models import record_search
from .params import SearchParams
from .popular import popular_searches
from .run import run_search
from .searchable import live_pages

SUGGESTED_TREATMENTS = 6
AUTOCOMPLETE_CACHE_SECONDS = 60
_BOT_USER_AGENT = re.compile(r"bot|crawl|spider|slurp|preview|fetch|monitor", re.IGNORECASE)


@require_safe
def search_view(request):
    params = SearchParams.from_query_dict(request.GET)
    outcome = run_search(params, request)
    if is_new_search(request, params):
        record_search(params.normalised, outcome.total)
    context = {"outcome": outcome, "search_query": params.text}
    if not outcome.total:
        context["popular_searches"] = popular_searches(exclude=params.normalised)
        context["treatments"] = suggested_treatments()
    return TemplateResponse(request, "search/search.html", context)


@require_safe
def autocomplete_view(request):
    """JSON suggestions for the header search box: ``[{"title", "url", "type", "type_label"}]``."""
    suggestions = [
        {
            "title": hit.page.title,
            "url": hit.page.get_url(request),
            "type": hit.kind.key,
            "type_label": str(hit.kind.name),
        }
        for hit in autocomplete(request.GET.get("q", ""))
    ]
    response = JsonResponse(suggestions, safe=False)
    patch_cache_control(response, public=True, max_age=AUTOCOMPLETE_CACHE_SECONDS)
    return response


def is_new_search(request, params):
    """Log a query once per search: its first page, unfiltered, from a visitor rather than a bot.

    Staff who can reach the admin are not visitors: opening a query from the search
    report, or trying a new synonym, must not count towards the report itself.
    """
    user_agent = request.headers.get("User-Agent", "")
    unfiltered = params.page == 1 and params.type is None and params.tag is None
    staff = request.user.has_perm("wagtailadmin.access_admin")
    return bool(params.normalised) and unfiltered and not staff and not _BOT_USER_AGENT.search(user_agent)


def suggested_treatments():
    """The first treatments in the order editors arranged them (tree order: indexed, unlike titles)."""
    treatments = live_pages(TreatmentPage).defer_streamfields().order_by("path")
    return treatments.select_related("hero_image").prefetch_related("conditions")[:SUGGESTED_TREATMENTS]

"""Refuse the requests a few Wagtail admin views cannot handle, before those views run.

Each view named below (Wagtail 8.0) turns a parameter straight into a number, a
database lookup or a form without checking it first, so a hand-edited address or a
tampered form (``?id=abc``, ``overwrite_revision_id=abc``, a missing hidden field)
raised a server error inside it. The middleware answers those requests with 400, or 405
for a POST to a form that does not exist, and leaves every other request alone. When
Wagtail checks one of these itself, its rule can go.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache

from django.core.exceptions import BadRequest
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponseNotAllowed
from django.urls import reverse
from wagtail.models import Page


@cache
def admin_prefix():
    """Where the Wagtail admin's addresses start ("/admin/"): the URLconf is fixed, so reversed once."""
    return reverse("wagtailadmin_home")


# Below 2**63: any id a database column can hold; no sign, no spaces.
WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")


def whole_number(value):
    return WHOLE_NUMBER.fullmatch(value) is not None


def whole_number_or_blank(value):
    return value == "" or whole_number(value)


def whole_number_or_all(value):
    return value == "all" or whole_number(value)


def page_number(value):
    return whole_number(value) and int(value) > 0


def existing_page(value):
    return whole_number(value) and Page.objects.filter(pk=value).exists()


def anything(value):
    return True


@dataclass(frozen=True)
class Rule:
    """Each value of ``parameter`` in ``method``'s data must pass ``accepts``, and one be sent if required."""

    views: str  # a view name, or a pattern of them (fnmatch)
    method: str
    parameter: str
    accepts: Callable[[str], bool]
    required: bool = False

    def applies_to(self, request):
        return request.method == self.method and fnmatchcase(request.resolver_match.view_name, self.views)

    def is_broken_by(self, request):
        values = (request.GET if self.method == "GET" else request.POST).getlist(self.parameter)
        return (self.required and not values) or not all(map(self.accepts, values))


RULES = [
    # Chosen items, one id each, looked up with pk__in.
    Rule("*chosen_multiple", "GET", "id", whole_number),
    Rule("wagtailadmin_api:*:find", "GET", "id", whole_number),
    Rule("wagtail_bulk_action", "GET", "id", whole_number_or_all),
    # The link choosers put it into a URL that only takes a number.
    Rule("wagtailadmin_choose_page_*_link", "GET", "parent_page_id", whole_number_or_blank),
    Rule("wagtailadmin_choose_page_external_link", "POST", "external-link-chooser-url", anything, True),
    # An autosaved revision to overwrite, looked up by id after the page is saved.
    Rule("wagtailadmin_pages:edit", "POST", "overwrite_revision_id", whole_number_or_blank),
    Rule("wagtailadmin_pages:copy", "POST", "new_parent_page", existing_page, True),
    # Signed hidden fields: Wagtail means to refuse them when missing, and fails instead.
    Rule("wagtailredirects:process_import", "POST", "import_file_name", anything, True),
    Rule("wagtailredirects:process_import", "POST", "input_format", anything, True),
    Rule("wagtailadmin_workflows:edit", "GET", "p", page_number),
]

# Snippet choosers are given a 'create' address even when they offer no creation form
# (none of this site's do); a POST to it fails on the missing form.
NO_POST_VIEWS = "wagtailsnippetchoosers_*:create"

# Views that turn 'p' into a page of their list with Paginator.page(), which raises
# InvalidPage for a page the list does not have. Django's ListView (and Wagtail's other
# listings) answer 404 to that.
UNCHECKED_PAGINATION_VIEWS = {"wagtailadmin_workflows:edit"}


class AdminRequestChecksMiddleware:
    """Answers 400 (or 405, or 404 for a missing page of a list) where a rule above says so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and fnmatchcase(request.resolver_match.view_name, NO_POST_VIEWS):
            return HttpResponseNotAllowed(["GET"])
        for rule in RULES:
            if rule.applies_to(request) and rule.is_broken_by(request):
                raise BadRequest(f"{rule.parameter!r} cannot be read by {request.resolver_match.view_name}.")
        return None

    def process_exception(self, request, exception):
        match = request.resolver_match
        if isinstance(exception, InvalidPage) and match and match.view_name in UNCHECKED_PAGINATION_VIEWS:
            raise Http404(str(exception)) from exception
        return None

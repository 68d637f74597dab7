"""Site-wide rules for request parameters, applied before any view reads one.

NUL is refused. PostgreSQL cannot store or compare text containing NUL (U+0000):
psycopg refuses to send it, so every view that filters by, searches for or saves a
parameter holding one would fail with a server error. No link or form a browser
renders produces one (it comes only typed by hand as ``%00`` or sent by a script), so
the whole request gets Django's 400 page (templates/400.html): path, query string and
form fields alike. Uploaded files are not looked at; their bytes are their own.

A ``next`` that is not an address is ignored. Wagtail's admin views send the browser on
to ``next`` with Django's ``redirect()``, which takes a value without a "/" for the name
of a view, and fails when no view has that name. Every address the site hands out in
``next`` is a path, so a value without "/" is dropped and the view's own default used.
"""

from django.core.exceptions import BadRequest

NUL = "\x00"


class NulInParameters(BadRequest):
    """Django answers 400 to BadRequest, with the site's 400 page, and logs a warning."""


def form_data(request):
    """The query string's parameters, and the form's fields for a POST."""
    return [request.GET, request.POST] if request.method == "POST" else [request.GET]


def carries_nul(request):
    return NUL in request.path_info or any(
        NUL in name or any(NUL in value for value in values)
        for query in form_data(request)
        for name, values in query.lists()
    )


def is_address(next_url):
    return not next_url or "/" in next_url


def without_unusable_next(query):
    """``query`` as it is, or a copy with the ``next`` values that are not addresses dropped."""
    values = query.getlist("next")
    if all(map(is_address, values)):
        return query
    query = query.copy()
    del query["next"]
    for value in filter(is_address, values):
        query.appendlist("next", value)
    return query


class ParameterRulesMiddleware:
    """Answers 400 to a request holding NUL; drops a ``next`` that is not an address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            raise NulInParameters("A parameter holds a NUL character.")
        request.GET = without_unusable_next(request.GET)
        if request.method == "POST":
            request.POST = without_unusable_next(request.POST)
        return self.get_response(request)

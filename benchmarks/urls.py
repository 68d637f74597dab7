"""The site's URLs plus the trivial view a load test measures against (benchmarks only, never deployed).

``/_trivial/`` is the cheapest Django response, through the same middleware: the ceiling
for throughput on this machine. Uploaded images are served by the site's own route
(cms/media.py), as in production without a front web server.
"""

from django.http import HttpResponse
from django.urls import include, path

TRIVIAL_PATH = "_trivial/"


def trivial_view(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path(TRIVIAL_PATH, trivial_view),
    path("", include("cms.urls")),
]

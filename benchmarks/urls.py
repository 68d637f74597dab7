"""The site's URLs plus what a load test needs around them (benchmarks only, never deployed).

- ``/_trivial/``: the cheapest Django response, through the same middleware, as the
  ceiling for throughput on this machine;
- ``/media/``: uploaded images, which in production the web server in front serves.
"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import include, path, re_path
from django.views.static import serve

TRIVIAL_PATH = "_trivial/"


def trivial_view(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path(TRIVIAL_PATH, trivial_view),
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include("cms.urls")),
]

"""Demo content for local development, loaded by ``manage.py load_demo_content``.

``LOADERS`` lists the loader functions in the order they run; each takes a
``loading.Report``. Another app adds its demo content with one more entry, e.g.
``"articles.demo.load_articles"`` (dotted paths keep ``home`` from importing it).
"""

from django.db import transaction
from django.utils.module_loading import import_string

from .clinic import serve_default_site_at
from .loading import Report

LOADERS = [
    "home.demo.images.load_images",
    "home.demo.clinic.load_clinic",
    "home.demo.treatments.load_treatments",
    "home.demo.clinic.load_featured_treatments",
    "home.demo.articles.load_articles",
    "home.demo.team.load_team",
    "home.demo.synonyms.load_synonyms",
]


@transaction.atomic
def load_demo_content(loaders=LOADERS, hostname=None, port=None):
    """Run every loader in one transaction and return the report of what changed.

    ``hostname`` and ``port``, when given, are the address the default site is
    served on (``make run`` passes runserver's); left out, the site keeps its own
    (localhost:80 for a new one).
    """
    report = Report()
    for path in loaders:
        import_string(path)(report)
    serve_default_site_at(hostname, port, report)
    return report

"""System checks: the installed search client must suit the configured search backend.

Elasticsearch clients send a compatibility header for their own major version, so
the 9.x client cannot talk to an Elasticsearch 8 server; requirements.txt pins
``elasticsearch>=9,<10`` for the default ``SEARCH_BACKEND=elasticsearch9``.
"""

from importlib.metadata import PackageNotFoundError, version

from django.conf import settings
from django.core.checks import Error, Tags, register

#: Backend module -> (client distribution, required major version or None for any).
SEARCH_CLIENTS = {
    "wagtail.search.backends.elasticsearch8": ("elasticsearch", 8),
    "wagtail.search.backends.elasticsearch9": ("elasticsearch", 9),
    "wagtail.search.backends.opensearch2": ("opensearch-py", None),
    "wagtail.search.backends.opensearch3": ("opensearch-py", None),
}


def installed_major_version(distribution):
    try:
        return int(version(distribution).split(".")[0])
    except PackageNotFoundError:
        return None


@register(Tags.compatibility)
def check_search_client(app_configs, **kwargs):
    errors = []
    for name, config in getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).items():
        distribution, major = SEARCH_CLIENTS.get(config.get("BACKEND"), (None, None))
        if distribution is None:
            continue
        installed = installed_major_version(distribution)
        if installed is None or (major is not None and installed != major):
            wanted = f"{distribution}>={major},<{major + 1}" if major else distribution
            errors.append(
                Error(
                    f"Search backend {name!r} ({config['BACKEND']}) needs the {wanted} client, "
                    f"but {f'{distribution} {installed}.x is' if installed else 'none is'} installed.",
                    hint=f"pip install '{wanted}' (or set SEARCH_BACKEND to match the server).",
                    id="search.E001",
                )
            )
    return errors

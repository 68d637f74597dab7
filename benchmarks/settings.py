"""Production settings for benchmarks/load.py, served over plain HTTP on 127.0.0.1.

Everything is ``cms.settings.production`` (the environment gives the secret key,
hosts, database and cache) except the URLconf, which adds the trivial view that
measures the ceiling.
HTTPS redirection is switched off through ``DJANGO_SECURE_SSL_REDIRECT=0`` by the script.
"""

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"

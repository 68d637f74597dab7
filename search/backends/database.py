"""``WAGTAILSEARCH_BACKENDS`` entry for the database: Wagtail's backend, with our query support.

Use ``"BACKEND": "search.backends.database"``. Like Wagtail's own
``wagtail.search.backends.database`` it picks the implementation for the default
database and, on SQLite with FTS5 and on PostgreSQL, swaps in a subclass that
finds and ranks matches from the index first (``RankedSQLiteSearchBackend``,
``RankedPostgresSearchBackend``); on other databases Wagtail's own.
"""

from django.db import connection
from modelsearch.backends import database as wagtail_database


# Named like a class because Wagtail looks up ``SearchBackend`` in the module.
def SearchBackend(params):
    backend = wagtail_database.SearchBackend(params)
    # Imported here: each module needs models that exist only on its own database.
    if connection.vendor == "sqlite" and wagtail_database.USE_SQLITE_FTS:
        from .sqlite import RankedSQLiteSearchBackend

        return RankedSQLiteSearchBackend(params)
    if connection.vendor == "postgresql":
        from .postgres import RankedPostgresSearchBackend

        return RankedPostgresSearchBackend(params)
    return backend

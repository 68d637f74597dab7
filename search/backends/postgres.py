"""Wagtail's PostgreSQL backend, accepting the ``Boost`` parts our queries use without a warning.

Wagtail's PostgreSQL compiler applies ``Boost`` when ranking (``build_tsrank``), but
warns that it is "not supported" when it builds the ``tsquery`` that selects the
matches, where a weight has no meaning anyway. This compiler simply builds the
``tsquery`` from what is boosted.
"""

from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import Boost


class BoostablePostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, Boost):
            return self.build_tsquery_content(query.subquery, config=config, invert=invert)
        return super().build_tsquery_content(query, config=config, invert=invert)


class BoostablePostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = BoostablePostgresSearchQueryCompiler

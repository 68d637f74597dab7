"""The whole statement a site search runs on each database, kept as a snapshot a reader can open.

``search.backends`` assemble one statement for a page of results, their number and
the counts by type and tag (``faceted.FacetedStatement``) from parts spread over
several modules; ``tests/search/snapshots/<database>.sql`` shows it whole, laid out
for reading, for a representative search: two words with synonyms, a type filter and
a tag filter. The test fails when the statement changes, so a change to it is seen
in review.

When the statement changes on purpose, write the snapshot again and commit it::

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/search/test_sql_snapshot.py
    UPDATE_SNAPSHOTS=1 DATABASE_URL=postgres://... .venv/bin/pytest tests/search/test_sql_snapshot.py

Parameters stay placeholders (``%s``), so ids never show; a list of them, whose length
follows the number of page types, reads ``%s, ...``. The text parameters (the words
searched for, the rows' labels) follow the statement, each once, in order.
"""

import os
import re
from pathlib import Path

import pytest
import sqlparse
from django.db import connection
from django.http import QueryDict

from search.params import SearchParams
from search.run import run_search

pytestmark = pytest.mark.django_db

SNAPSHOTS = Path(__file__).parent / "snapshots"
#: A run of placeholders, as in ``content_type_id IN (%s, %s, %s)``.
PLACEHOLDER_LIST = re.compile(r"%s(?:, %s)+")


class StatementLog:
    """Every statement run on the connection, with its parameters, as the database receives it."""

    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


def readable(sql, params):
    """The statement laid out clause by clause, placeholder lists collapsed, then its text parameters."""
    laid_out = sqlparse.format(PLACEHOLDER_LIST.sub("%s, ...", sql), reindent=True)
    texts = [f"-- {text!r}" for text in dict.fromkeys(param for param in params if isinstance(param, str))]
    return "\n".join([laid_out.rstrip(), "", "-- text parameters, each once, in order:", *texts, ""])


def site_search_statement():
    """The faceted statement of a search for "shots for migraines" among treatments tagged "injections"."""
    log = StatementLog()
    params = SearchParams.from_query_dict(QueryDict("q=shots+for+migraines&type=treatment&tag=injections"))
    with connection.execute_wrapper(log):
        outcome = run_search(params)
    assert outcome.result_count == 1  # the search found what the snapshot's statement finds
    (statement,) = [(sql, params) for sql, params in log.statements if sql.startswith("WITH matches AS")]
    return readable(*statement)


def check_snapshot(name):
    snapshot = SNAPSHOTS / f"{name}.sql"
    statement = site_search_statement()
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(statement)
    assert statement == snapshot.read_text(), f"{snapshot} differs: see this module's docstring to update it"


@pytest.fixture
def pages(make_treatment, make_article, synonyms):
    make_treatment("Botox for chronic migraine", summary="Injections for headache days.", tags=["injections"])
    make_treatment("Chemical peel", summary="A peel for dull skin.", tags=["skin"])
    make_article("Living with migraine", intro="Shots, diaries and your provider.", tags=["injections"])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's statement; PostgreSQL's is the next test")
def test_the_sqlite_statement_matches_its_snapshot(pages):
    """On SQLite, a site search runs the statement in snapshots/sqlite.sql."""
    check_snapshot("sqlite")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's statement; SQLite's has its own test"
)
def test_the_postgresql_statement_matches_its_snapshot(pages):
    """On PostgreSQL, a site search runs the statement in snapshots/postgresql.sql."""
    check_snapshot("postgresql")

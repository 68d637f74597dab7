"""On PostgreSQL, ``search_pageentry`` stays equal to what it copies, whatever changes its sources.

Migration search.0005 keeps one narrow row per indexed page (its id, content type,
live flag, tags' ids, title weight and vectors) with triggers on Wagtail's index
table, the pages and the tags. Each test makes a change as editors, Wagtail or a
bulk update would, then compares the table with the same rows computed afresh.
"""

import importlib

import pytest
from django.core.management import call_command
from django.db import connection
from modelsearch.conf import get_app_config
from taggit.models import Tag
from wagtail.models import Page

from search.checks import check_page_entry_triggers, tag_tables
from search.params import SearchParams
from search.run import run_search
from tests.search.conftest import publish

migration = importlib.import_module("search.migrations.0005_postgres_page_entries")
IndexEntry = get_app_config().get_model("IndexEntry")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's page entries only"),
]


def stored_rows():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {migration.TABLE} ORDER BY entry_id")  # noqa: S608
        return cursor.fetchall()


def fresh_rows():
    """The rows the table should hold, computed from Wagtail's index, the pages and the tags now."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({migration.ENTRY_ROWS}) AS fresh ORDER BY 1")  # noqa: S608
        return cursor.fetchall()


def tags_of(page):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tag_ids FROM {migration.TABLE} WHERE page_id = %s", [page.pk])  # noqa: S608
        return {Tag.objects.get(pk=pk).name for pk in cursor.fetchone()[0]}


@pytest.fixture
def pages(make_treatment, make_article):
    return [
        make_treatment("Chemical peel", tags=["skin", "peels"], summary="A peel for dull skin."),
        make_treatment("Microneedling", tags=["skin"], summary="Needling for scars."),
        make_article("Peel aftercare", tags=["peels"], intro="After a chemical peel."),
    ]


def test_every_indexed_page_has_one_row(pages):
    rows = stored_rows()
    assert rows == fresh_rows()
    page_ids = [row[1] for row in rows]
    assert len(page_ids) == len(set(page_ids)) and {page.pk for page in pages} <= set(page_ids)
    assert tags_of(pages[0]) == {"skin", "peels"}


def test_retagging_and_republishing_updates_the_tags(pages):
    peel = pages[0]
    peel.tags.set(["skin", "chemical"])
    publish(peel)
    assert tags_of(peel) == {"skin", "chemical"}
    assert stored_rows() == fresh_rows()


def test_unpublishing_and_bulk_updates_change_live(pages):
    pages[0].unpublish()
    Page.objects.filter(pk=pages[1].pk).update(live=False)  # bypasses Wagtail and its signals
    live = {row[1]: row[3] for row in stored_rows()}
    assert live[pages[0].pk] is False and live[pages[1].pk] is False and live[pages[2].pk] is True
    assert stored_rows() == fresh_rows()
    found = run_search(SearchParams.from_query_dict({"q": "peel"}))
    assert [hit.page.pk for hit in found.page] == [pages[2].pk]


def test_deleting_pages_and_tags_removes_them(pages):
    pages[1].delete()
    Tag.objects.get(name="peels").delete()
    assert tags_of(pages[0]) == {"skin"}
    assert pages[1].pk not in {row[1] for row in stored_rows()}
    assert stored_rows() == fresh_rows()


def test_update_index_and_a_truncated_index_leave_nothing_stale(pages):
    call_command("update_index", verbosity=0)
    assert stored_rows() == fresh_rows() != []
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending, as TRUNCATE requires
        cursor.execute(f"TRUNCATE {IndexEntry._meta.db_table}")
    assert stored_rows() == []


def test_a_missing_trigger_is_reported_and_undoing_the_migration_puts_it_back(pages):
    """search.checks: every trigger, those on every page model's tag table included, is watched.

    A new kind of page with tags needs a search migration adding a trigger on its tag
    table; a table recreated by an upgrade loses its triggers. Either way ``migrate``
    reports it.
    """
    assert check_page_entry_triggers(None, databases=["default"]) == []
    tag_table = tag_tables()[0]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER search_pageentry_tags_written ON {tag_table}")
    (error,) = check_page_entry_triggers(None, databases=["default"])
    assert error.id == "search.E002" and tag_table in error.msg
    call_command("migrate", "search", "0004", verbosity=0)
    call_command("migrate", "search", verbosity=0)
    assert check_page_entry_triggers(None, databases=["default"]) == []
    assert stored_rows() == fresh_rows() != []


def test_a_tag_table_the_tag_function_leaves_out_is_reported(pages):
    """search.checks: ``search_page_tag_ids()`` must read every page model's tag table, or rows miss its tags.

    A new kind of page with tags needs a migration that recreates the function over its
    table too; until then ``migrate`` and ``manage.py check`` say which table is left out.
    """
    first, *others = tag_tables()
    reads_first_only = (
        "CREATE OR REPLACE FUNCTION search_page_tag_ids(page integer) RETURNS integer[] "  # noqa: S608
        f"LANGUAGE sql STABLE AS $$ SELECT array_agg(tag_id) FROM {first} WHERE content_object_id = page $$"
    )
    with connection.cursor() as cursor:
        cursor.execute(reads_first_only)
    errors = check_page_entry_triggers(None, databases=["default"])
    assert [error.id for error in errors] == ["search.E004"] * len(others) != []
    assert all(table in error.msg for error, table in zip(errors, others, strict=True))

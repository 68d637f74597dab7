"""On PostgreSQL, keep search index rows of up to 8 kB whole in the table (search.backends.postgres).

PostgreSQL moves a row's large values out of line (TOAST) once the row passes about
2 kB, and a page of a few hundred words has a body vector that size. Ranking reads
the vector of every match, and an out-of-line value costs an extra index lookup and
fetch each time: at 10,000 generated pages, about a third of a common word's search.
With ``toast_tuple_target`` at the most a table page holds, rows up to 8 kB stay
whole; larger ones are still moved out. Rows already stored move when next written
(``update_index``). Other databases are left alone.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"


def keep_rows_inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 8160)")


def reset(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_sqlite_ranking_index"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(keep_rows_inline, reset)]

"""On SQLite, a narrow index over the search index entries for ranking (search.backends.sqlite).

Ranking joins every match to its index entry for the object id, content type and
title_norm; the entry rows also hold the full indexed text, so reading them is slow.
This covering index holds just those columns. Other databases are left alone.
"""

from django.db import migrations

INDEX = "search_indexentry_ranking"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} "
            "ON wagtailsearch_indexentry (id, content_type_id, object_id, title_norm)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_seo_staff_permissions"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]

"""On PostgreSQL, a narrow copy of the pages' search index entries, kept current by triggers.

The site search ranks every match and counts the matches by type and tag
(search.backends.postgres). Read from Wagtail's index table, each match costs a
wide row (two plain-text copies and the autocomplete vector beside the two vectors
ranked), a lookup among the live pages and a join to each model's tags: at 10,000
pages, about 40% of a common word's statement. ``search_pageentry`` holds one row
per indexed page with just what the search reads: the page's id, content type,
whether it is live, its tags' ids, and the title and body vectors with the title's
weight.

Triggers keep it equal to its sources inside the same transaction, whatever wrote
them (Wagtail's indexing, ``update_index``, a bulk update, a cascade): index entries
inserted, updated, deleted or truncated; a page's ``live`` changed or the page
deleted; a page's tags added, changed or removed. Other databases are left alone.
"""

from django.db import migrations

TABLE = "search_pageentry"
#: The models' tag tables (TreatmentPage.tags, ArticlePage.tags): see search.site_search.MODEL_TYPES.
TAG_TABLES = ("treatments_treatmentpagetag", "articles_articlepagetag")

TAG_IDS = f"""
CREATE FUNCTION search_page_tag_ids(page integer) RETURNS integer[] LANGUAGE sql STABLE AS $$
    SELECT COALESCE(array_agg(DISTINCT tag_id ORDER BY tag_id), '{{}}') FROM (
        {" UNION ALL ".join(f"SELECT tag_id FROM {table} WHERE content_object_id = page" for table in TAG_TABLES)}
    ) AS tags
$$;
"""

CREATE_TABLE = f"""
CREATE TABLE {TABLE} (
    entry_id bigint PRIMARY KEY,
    page_id integer NOT NULL,
    content_type_id integer NOT NULL,
    live boolean NOT NULL,
    tag_ids integer[] NOT NULL,
    title_norm double precision NOT NULL,
    title tsvector NOT NULL,
    body tsvector NOT NULL
) WITH (toast_tuple_target = 8160);
CREATE INDEX {TABLE}_page ON {TABLE} (page_id);
CREATE INDEX {TABLE}_title ON {TABLE} USING gin (title);
CREATE INDEX {TABLE}_body ON {TABLE} USING gin (body);
"""

#: The row for an index entry: its page's, if the entry is a page's (same id, same content type).
ENTRY_ROWS = f"""
    SELECT entry.id, page.id, entry.content_type_id, page.live, search_page_tag_ids(page.id),
           entry.title_norm, entry.title, entry.body
    FROM wagtailsearch_indexentry AS entry
    JOIN wagtailcore_page AS page ON page.content_type_id = entry.content_type_id
     AND page.id = CASE WHEN entry.object_id ~ '^[0-9]{{1,9}}$' THEN entry.object_id::integer END
"""

TRIGGERS = f"""
CREATE FUNCTION search_pageentry_from_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM {TABLE} WHERE entry_id = OLD.id;
        RETURN NULL;
    END IF;
    INSERT INTO {TABLE} {ENTRY_ROWS.replace("FROM wagtailsearch_indexentry AS entry", "FROM (SELECT NEW.*) AS entry")}
    ON CONFLICT (entry_id) DO UPDATE SET
        page_id = EXCLUDED.page_id, content_type_id = EXCLUDED.content_type_id, live = EXCLUDED.live,
        tag_ids = EXCLUDED.tag_ids, title_norm = EXCLUDED.title_norm, title = EXCLUDED.title,
        body = EXCLUDED.body;
    IF NOT FOUND THEN
        DELETE FROM {TABLE} WHERE entry_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_pageentry_entry_written
    AFTER INSERT OR UPDATE OF content_type_id, object_id, title_norm, title, body OR DELETE
    ON wagtailsearch_indexentry FOR EACH ROW EXECUTE FUNCTION search_pageentry_from_index();

CREATE FUNCTION search_pageentry_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE {TABLE};
    RETURN NULL;
END $$;
CREATE TRIGGER search_pageentry_entries_truncated
    AFTER TRUNCATE ON wagtailsearch_indexentry FOR EACH STATEMENT EXECUTE FUNCTION search_pageentry_clear();

CREATE FUNCTION search_pageentry_from_page() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM {TABLE} WHERE page_id = OLD.id;
    ELSE
        UPDATE {TABLE} SET live = NEW.live WHERE page_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_pageentry_page_live
    AFTER UPDATE OF live ON wagtailcore_page FOR EACH ROW
    WHEN (OLD.live IS DISTINCT FROM NEW.live) EXECUTE FUNCTION search_pageentry_from_page();
CREATE TRIGGER search_pageentry_page_deleted
    AFTER DELETE ON wagtailcore_page FOR EACH ROW EXECUTE FUNCTION search_pageentry_from_page();

CREATE FUNCTION search_pageentry_from_tags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        UPDATE {TABLE} SET tag_ids = search_page_tag_ids(page_id) WHERE page_id = NEW.content_object_id;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        UPDATE {TABLE} SET tag_ids = search_page_tag_ids(page_id) WHERE page_id = OLD.content_object_id;
    END IF;
    RETURN NULL;
END $$;
""" + "".join(
    f"""
CREATE TRIGGER search_pageentry_tags_written AFTER INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION search_pageentry_from_tags();
"""
    for table in TAG_TABLES
)

FILL = f"INSERT INTO {TABLE} {ENTRY_ROWS};"

#: IF EXISTS: undoing the migration is also how a missing trigger is put back (search.checks).
DROP = f"""
DROP TRIGGER IF EXISTS search_pageentry_entry_written ON wagtailsearch_indexentry;
DROP TRIGGER IF EXISTS search_pageentry_entries_truncated ON wagtailsearch_indexentry;
DROP TRIGGER IF EXISTS search_pageentry_page_live ON wagtailcore_page;
DROP TRIGGER IF EXISTS search_pageentry_page_deleted ON wagtailcore_page;
{"".join(f"DROP TRIGGER IF EXISTS search_pageentry_tags_written ON {table};" for table in TAG_TABLES)}
DROP FUNCTION IF EXISTS search_pageentry_from_index(), search_pageentry_clear(), search_pageentry_from_page(),
    search_pageentry_from_tags(), search_page_tag_ids(integer);
DROP TABLE IF EXISTS {TABLE};
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in (TAG_IDS, CREATE_TABLE, TRIGGERS, FILL):
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_postgres_index_rows_inline"),
        ("treatments", "0001_initial"),
        ("articles", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]

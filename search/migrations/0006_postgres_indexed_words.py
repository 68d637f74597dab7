"""On PostgreSQL, the index's words with how many entries hold each, kept current by triggers.

Typo correction (search.spelling) compares a visitor's unknown word with the words
the index holds. The index's vectors hold stems ("therapi"), which no visitor could
read as a correction, so the words are taken from the entries' plain text with the
``simple`` configuration (lower case, unstemmed), as SQLite's FTS5 tokenizer splits
them. Other databases are left alone (SQLite reads its FTS5 index through
``fts5vocab``).

The triggers run once per statement, over the rows it wrote (transition tables), and
change each word's count once with the statement's net change: a bulk index write of
many entries, all holding common words, updates each word's row once rather than once
per entry (updated over and over in one transaction, a row's versions pile up and each
update walks them all). An update that leaves an entry's text alone (Wagtail refreshing
``title_norm``) changes nothing. A truncate empties the table.
"""

from django.db import migrations

TABLE = "search_word"
ENTRIES = "wagtailsearch_indexentry"

#: The words each written entry gained (+1) or lost (-1), by statement kind; rows whose
#: text an update left alone are skipped.
CHANGES = {
    "INSERT": "SELECT id, word, 1 AS change FROM new_rows, unnest(search_entry_words(title_text, body_text)) AS word",
    "DELETE": "SELECT id, word, -1 AS change FROM old_rows, unnest(search_entry_words(title_text, body_text)) AS word",
    "UPDATE": """
        SELECT after.id, word, 1 AS change
            FROM new_rows AS after JOIN old_rows AS before USING (id),
                 unnest(search_entry_words(after.title_text, after.body_text)) AS word
            WHERE (after.title_text, after.body_text) IS DISTINCT FROM (before.title_text, before.body_text)
        UNION ALL
        SELECT before.id, word, -1 AS change
            FROM new_rows AS after JOIN old_rows AS before USING (id),
                 unnest(search_entry_words(before.title_text, before.body_text)) AS word
            WHERE (after.title_text, after.body_text) IS DISTINCT FROM (before.title_text, before.body_text)
    """,
}
TRANSITION_TABLES = {
    "INSERT": "NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
}


def counting_trigger(event):
    """A statement trigger adding each word's net change in the rows ``event`` wrote to its count."""
    name = f"search_word_{event.lower()}"
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- In word order, so that two statements at once lock shared words in the same order.
    INSERT INTO {TABLE} AS counted (word, entries)
        SELECT word, sum(change) FROM ({CHANGES[event]}) AS changes
        GROUP BY word HAVING sum(change) <> 0 ORDER BY word
        ON CONFLICT (word) DO UPDATE SET entries = counted.entries + EXCLUDED.entries;
    DELETE FROM {TABLE} WHERE entries <= 0;
    RETURN NULL;
END
$$;
CREATE TRIGGER {name} AFTER {event} ON {ENTRIES}
    REFERENCING {TRANSITION_TABLES[event]} FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""


CREATE = f"""
CREATE TABLE {TABLE} (word text PRIMARY KEY, entries integer NOT NULL);
CREATE INDEX {TABLE}_spent ON {TABLE} (word) WHERE entries <= 0;

CREATE FUNCTION search_entry_words(title_text text, body_text text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT tsvector_to_array(to_tsvector('simple'::regconfig, title_text || ' ' || body_text))
$$;

{"".join(counting_trigger(event) for event in CHANGES)}

CREATE FUNCTION search_word_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE {TABLE};
    RETURN NULL;
END
$$;
CREATE TRIGGER search_word_truncate AFTER TRUNCATE
    ON {ENTRIES} FOR EACH STATEMENT EXECUTE FUNCTION search_word_clear();

INSERT INTO {TABLE} (word, entries)
    SELECT word, count(*) FROM {ENTRIES}, unnest(search_entry_words(title_text, body_text)) AS word
    GROUP BY word;
"""

DROP = f"""
{"".join(f"DROP TRIGGER IF EXISTS search_word_{event.lower()} ON {ENTRIES};" for event in CHANGES)}
DROP TRIGGER IF EXISTS search_word_truncate ON {ENTRIES};
DROP FUNCTION IF EXISTS {", ".join(f"search_word_{event.lower()}()" for event in CHANGES)},
    search_word_clear(), search_entry_words(text, text);
DROP TABLE IF EXISTS {TABLE};
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_postgres_page_entries")]

    operations = [migrations.RunPython(create, drop)]

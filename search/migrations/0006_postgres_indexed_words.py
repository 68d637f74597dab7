"""On PostgreSQL, the index's words with how many entries hold each, kept current by triggers.

Typo correction (search.spelling) compares a visitor's unknown word with the words
the index holds. The index's vectors hold stems ("therapi"), which no visitor could
read as a correction, so the words are taken from the entries' plain text with the
``simple`` configuration (lower case, unstemmed), as SQLite's FTS5 tokenizer splits
them. Each insert, update or delete of an index entry adds or takes away the words
it gained or lost, in the same transaction; a truncate empties the table. Other
databases are left alone (SQLite reads its FTS5 index through ``fts5vocab``).
"""

from django.db import migrations

TABLE = "search_word"
ENTRIES = "wagtailsearch_indexentry"

CREATE = f"""
CREATE TABLE {TABLE} (word text PRIMARY KEY, entries integer NOT NULL);

CREATE FUNCTION search_entry_words(title_text text, body_text text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT tsvector_to_array(to_tsvector('simple'::regconfig, title_text || ' ' || body_text))
$$;

CREATE FUNCTION search_word_from_index() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_words text[] := CASE WHEN TG_OP = 'INSERT' THEN '{{}}'
                             ELSE search_entry_words(OLD.title_text, OLD.body_text) END;
    new_words text[] := CASE WHEN TG_OP = 'DELETE' THEN '{{}}'
                             ELSE search_entry_words(NEW.title_text, NEW.body_text) END;
BEGIN
    -- In word order, so that two entries written at once lock shared words in the same order.
    UPDATE {TABLE} SET entries = entries - 1
        WHERE word IN (SELECT unnest(old_words) EXCEPT SELECT unnest(new_words));
    DELETE FROM {TABLE} WHERE entries <= 0
        AND word IN (SELECT unnest(old_words) EXCEPT SELECT unnest(new_words));
    INSERT INTO {TABLE} AS counted (word, entries)
        SELECT word, 1 FROM (SELECT unnest(new_words) EXCEPT SELECT unnest(old_words)) AS gained(word)
        ORDER BY word
        ON CONFLICT (word) DO UPDATE SET entries = counted.entries + 1;
    RETURN NULL;
END
$$;

CREATE FUNCTION search_word_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE {TABLE};
    RETURN NULL;
END
$$;

CREATE TRIGGER search_word_entry_written AFTER INSERT OR DELETE OR UPDATE OF title_text, body_text
    ON {ENTRIES} FOR EACH ROW EXECUTE FUNCTION search_word_from_index();
CREATE TRIGGER search_word_entries_truncated AFTER TRUNCATE
    ON {ENTRIES} FOR EACH STATEMENT EXECUTE FUNCTION search_word_clear();

INSERT INTO {TABLE} (word, entries)
    SELECT word, count(*) FROM {ENTRIES}, unnest(search_entry_words(title_text, body_text)) AS word
    GROUP BY word;
"""

DROP = f"""
DROP TRIGGER IF EXISTS search_word_entry_written ON {ENTRIES};
DROP TRIGGER IF EXISTS search_word_entries_truncated ON {ENTRIES};
DROP FUNCTION IF EXISTS search_word_from_index(), search_word_clear(), search_entry_words(text, text);
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

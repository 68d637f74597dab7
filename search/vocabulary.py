"""The words the search index holds, with how many index entries hold each: for correcting typos.

Each database keeps the list current itself, so nothing is recounted per search:
SQLite through an ``fts5vocab`` table over the FTS5 index (made per connection,
it stores nothing), PostgreSQL in ``search_word``, which triggers on the index
entries keep (migration search.0006). Both count words as their index splits
them, in lower case and unstemmed, so a correction is a word a visitor can read.

A process keeps the list it read while the content generation (``cms``) stays the
same: publishing anything replaces the generation, and the next search reads the
list again.
"""

from django.db import connections
from modelsearch.conf import get_app_config

from cms.models import ContentGeneration

from .spelling import Vocabulary

#: Words shorter than this are never corrected, so never read.
MIN_WORD_LENGTH = 3
WORD_TABLE = "search_word"
SQLITE_VOCABULARY_TABLE = "temp.search_vocabulary"

_cached = {}


def _sqlite_counts(cursor):
    fts_table = f"{get_app_config().get_model('IndexEntry')._meta.db_table}_fts"
    table = SQLITE_VOCABULARY_TABLE
    cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5vocab(main, {fts_table}, row)")
    cursor.execute(
        f"SELECT term, doc FROM {SQLITE_VOCABULARY_TABLE} WHERE length(term) >= %s",  # noqa: S608 (our names)
        [MIN_WORD_LENGTH],
    )
    return cursor.fetchall()


def _postgres_counts(cursor):
    cursor.execute(
        f"SELECT word, entries FROM {WORD_TABLE} WHERE length(word) >= %s",  # noqa: S608 (our own table)
        [MIN_WORD_LENGTH],
    )
    return cursor.fetchall()


READERS = {"sqlite": _sqlite_counts, "postgresql": _postgres_counts}


def read_vocabulary(using="default"):
    """The index's words as a ``Vocabulary``, read from the database now (empty where it keeps none)."""
    connection = connections[using]
    reader = READERS.get(connection.vendor)
    if reader is None:
        return Vocabulary({})
    with connection.cursor() as cursor:
        rows = reader(cursor)
    return Vocabulary({word: entries for word, entries in rows if word.isalpha()})


def current_vocabulary(using="default"):
    """The index's words, read again only when the content generation has changed."""
    generation = ContentGeneration.current()
    cached = _cached.get(using)
    if cached is None or cached[0] != generation:
        cached = _cached[using] = (generation, read_vocabulary(using))
    return cached[1]

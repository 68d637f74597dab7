"""The content generation: the database's word on which cached pages may still be served."""

import uuid

from django.db import connection, models

ROW = 1


def new_token():
    return uuid.uuid4().hex


class ContentGeneration(models.Model):
    """One row whose tokens are replaced whenever what visitors see may have changed.

    Cached pages and page fragments are stored with ``token`` as it was when their content
    was read, and served only while it is still current (cms/cache.py). Stored page parts
    (cms/stored_parts.py) are kept with ``shared_token``, replaced by the changes that can
    reach beyond one page: everything except a page published with its title, slug, place,
    live state and place in the menu unchanged (cms/signals.py). The tokens live
    in the database, beside the content, so replacing it commits or rolls back with the
    change that caused it, and every app server and worker sees it, whatever the cache was
    doing at the time. It is random rather than counted, so a database rebuilt or
    restored from a backup never matches pages cached from another.
    """

    token = models.CharField(max_length=32, default=new_token)
    shared_token = models.CharField(max_length=32, default=new_token)

    class Meta:
        verbose_name = "content generation"

    def __str__(self):
        return self.token

    @classmethod
    def current(cls):
        return cls.current_tokens()[0]

    @classmethod
    def current_tokens(cls):
        """``(token, shared_token)``. Read on every page-cache hit, so in plain SQL: building
        the same query through the ORM costs several times what running it does."""
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT token, shared_token FROM {table} WHERE id = %s", [ROW])  # noqa: S608 (our own table)
            row = cursor.fetchone()
        if row is None:
            cls.advance(shared=True)
            return cls.current_tokens()
        return row

    @classmethod
    def advance(cls, shared=False):
        """Replace ``token`` and, with ``shared``, ``shared_token``; return the new ``token``."""
        tokens = {"token": new_token()}
        if shared:
            tokens["shared_token"] = new_token()
        if not cls.objects.filter(pk=ROW).update(**tokens):
            cls.objects.update_or_create(pk=ROW, defaults=tokens)
        return tokens["token"]

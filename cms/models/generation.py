"""The content generation: the database's word on which cached pages may still be served."""

import uuid

from django.db import connection, models

ROW = 1


def new_token():
    return uuid.uuid4().hex


class ContentGeneration(models.Model):
    """One row whose token is replaced whenever what visitors see may have changed.

    Cached pages and page fragments are stored with the token current when their content
    was read, and served only while it is still current (cms/cache.py). The token lives
    in the database, beside the content, so replacing it commits or rolls back with the
    change that caused it, and every app server and worker sees it, whatever the cache was
    doing at the time. It is random rather than counted, so a database rebuilt or
    restored from a backup never matches pages cached from another.
    """

    token = models.CharField(max_length=32, default=new_token)

    class Meta:
        verbose_name = "content generation"

    def __str__(self):
        return self.token

    @classmethod
    def current(cls):
        """The current token. Read on every page-cache hit, so in plain SQL: building the
        same query through the ORM costs several times what running it does."""
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT token FROM {table} WHERE id = %s", [ROW])  # noqa: S608 (our own table)
            row = cursor.fetchone()
        return row[0] if row else cls.advance()

    @classmethod
    def advance(cls):
        token = new_token()
        if not cls.objects.filter(pk=ROW).update(token=token):
            cls.objects.update_or_create(pk=ROW, defaults={"token": token})
        return token

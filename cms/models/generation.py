"""The content generation: the database's word on which cached pages may still be served."""

from django.db import models
from django.db.models import F

ROW = 1


class ContentGeneration(models.Model):
    """One row whose number grows whenever what visitors see may have changed.

    Cached pages and page fragments are stored with the number current when their
    content was read, and served only while it is still current (cms/cache.py). The
    number lives in the database, beside the content, so raising it commits or rolls
    back with the change that caused it, and every app server and worker sees it,
    whatever the cache was doing at the time.
    """

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "content generation"

    def __str__(self):
        return str(self.value)

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=ROW).values_list("value", flat=True).first() or 0

    @classmethod
    def advance(cls):
        if not cls.objects.filter(pk=ROW).update(value=F("value") + 1):
            cls.objects.get_or_create(pk=ROW, defaults={"value": 1})

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .text import display_text, normalise_query


class SynonymGroup(models.Model):
    """Words and phrases that mean the same thing to a visitor, e.g. botox / botulinum toxin / botax.

    A search for any one of them also finds pages that use the others.
    """

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "One word or phrase per line, all meaning the same thing: the lay word, the clinical "
            "name and common misspellings, e.g. 'botox', 'botulinum toxin', 'botax'. "
            "Capitals and punctuation do not matter."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("Optional: why these belong together, for the next person who edits them."),
    )

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        return " / ".join(self.term_list())

    def term_list(self):
        """The group's terms as typed (cleaned), one per non-blank line, without duplicates."""
        terms = []
        for line in self.terms.splitlines():
            term = display_text(line)
            if normalise_query(term) and term.lower() not in (existing.lower() for existing in terms):
                terms.append(term)
        return terms

    def clean(self):
        super().clean()
        if len({normalise_query(term) for term in self.term_list()}) < 2:
            raise ValidationError({"terms": _("Enter at least two different terms, one per line.")})
        self.terms = "\n".join(self.term_list())


class SearchQueryStatQuerySet(models.QuerySet):
    def last_days(self, days):
        """Statistics for the last ``days`` days, today included."""
        return self.filter(date__gt=timezone.localdate() - timedelta(days=days))

    def by_query(self):
        """One row per query: query_string, searches, failures (no results) and successes."""
        return (
            self.values("query_string")
            .annotate(searches=Sum("hits"), failures=Sum("zero_result_hits"))
            .annotate(successes=F("searches") - F("failures"))
        )

    def top(self):
        return self.by_query().order_by("-searches", "query_string")

    def failing(self):
        return self.by_query().filter(failures__gt=0).order_by("-failures", "query_string")

    def popular(self, min_successes=2):
        """Queries that found something at least ``min_successes`` times, most successful first."""
        return self.by_query().filter(successes__gte=min_successes).order_by("-successes", "query_string")


class SearchQueryStat(models.Model):
    """How often one (normalised) query was searched on one day, and how often it found nothing."""

    query_string = models.CharField(_("query"), max_length=200)
    date = models.DateField(_("date"))
    hits = models.PositiveIntegerField(_("searches"), default=0)
    zero_result_hits = models.PositiveIntegerField(_("searches with no results"), default=0)

    objects = SearchQueryStatQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["query_string", "date"], name="search_querystat_unique_day")
        ]
        indexes = [models.Index(fields=["date"], name="search_querystat_date")]
        verbose_name = _("search query statistic")
        verbose_name_plural = _("search query statistics")

    def __str__(self):
        return f"{self.query_string} ({self.date})"

    @classmethod
    def record(cls, query_string, result_count, date=None):
        """Count one search for ``query_string`` today, in a single upsert statement."""
        table = connection.ops.quote_name(cls._meta.db_table)
        query, day, hits, zero = (
            connection.ops.quote_name(name) for name in ("query_string", "date", "hits", "zero_result_hits")
        )
        sql = (
            f"INSERT INTO {table} ({query}, {day}, {hits}, {zero}) VALUES (%s, %s, 1, %s) "  # noqa: S608
            f"ON CONFLICT ({query}, {day}) DO UPDATE SET "
            f"{hits} = {table}.{hits} + 1, {zero} = {table}.{zero} + excluded.{zero}"
        )
        params = [query_string[:200], date or timezone.localdate(), int(result_count == 0)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

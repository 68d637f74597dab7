from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from .text import MAX_QUERY_LENGTH, MAX_TERMS, display_text, normalise_query, search_terms


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
        if not self.terms:
            return  # the field's own "required" error says it all
        unmatchable = [line.strip() for line in self.terms.splitlines() if not is_searchable(line)]
        if unmatchable:
            raise ValidationError(
                {
                    "terms": _(
                        "“%(term)s” is longer than any search: use at most %(words)s words and "
                        "%(characters)s characters per term."
                    )
                    % {
                        "term": Truncator(unmatchable[0]).chars(60),
                        "words": MAX_TERMS,
                        "characters": MAX_QUERY_LENGTH,
                    }
                }
            )
        terms = self.term_list()
        ignored = [term for term in terms if not search_terms(normalise_query(term))]
        if ignored:
            raise ValidationError(
                {
                    "terms": _(
                        "“%(term)s” is only words that searches leave out (such as “the” and "
                        "“for”), so it can never match: remove it."
                    )
                    % {"term": Truncator(ignored[0]).chars(60)}
                }
            )
        if len({normalise_query(term) for term in terms}) < 2:
            raise ValidationError({"terms": _("Enter at least two different terms, one per line.")})
        self.terms = "\n".join(terms)


def is_searchable(term):
    """Whether a visitor's search could hold all of ``term`` (searches are capped in length and words)."""
    text = term.strip()
    return len(text) <= MAX_QUERY_LENGTH and len(normalise_query(text).split()) <= MAX_TERMS


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
        keys = {"query_string": query_string[:200], "date": date or timezone.localdate()}
        add_counts(cls, keys, {"hits": 1, "zero_result_hits": int(result_count == 0)})


def record_search(query_string, result_count):
    """Log one visitor's search where SEO staff look for it.

    In the site search report's counts (``SearchQueryStat``, which also counts the
    searches that found nothing), and in Wagtail's query hits, which the promotion
    form's "popular search terms" chooser lists. One transaction, so one commit.
    """
    with transaction.atomic():
        SearchQueryStat.record(query_string, result_count)
        query = Query.get(query_string)
        add_counts(QueryDailyHits, {"query": query.pk, "date": timezone.localdate()}, {"hits": 1})


def add_counts(model, keys, increments):
    """Add ``increments`` to the counters of ``model``'s row for ``keys``, creating it if new.

    One ``INSERT ... ON CONFLICT DO UPDATE`` (SQLite and PostgreSQL), so concurrent
    searches never lose a count; ``keys`` must be the fields of a unique constraint.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = {model._meta.get_field(name).column: value for name, value in {**keys, **increments}.items()}
    key_columns = [model._meta.get_field(name).column for name in keys]
    updates = ", ".join(
        f"{quote(column)} = {table}.{quote(column)} + excluded.{quote(column)}"
        for column in columns
        if column not in key_columns
    )
    sql = (
        f"INSERT INTO {table} ({', '.join(map(quote, columns))}) "  # noqa: S608 (quoted names, placeholders)
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(map(quote, key_columns))}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(columns.values()))

"""System checks: the installed search client must suit the configured search backend,
every page model with tags must have its own result type, and on PostgreSQL the page
entries' triggers must be in place for every such model's tag table (migration search.0005).

Elasticsearch clients send a compatibility header for their own major version, so
the 9.x client cannot talk to an Elasticsearch 8 server; requirements.txt pins
``elasticsearch>=9,<10`` for the default ``SEARCH_BACKEND=elasticsearch9``.
"""

from importlib.metadata import PackageNotFoundError, version

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from wagtail.search import index

from .result_types import MODEL_TYPES
from .tagged import tag_through_models, tagged_page_models

#: Backend module -> (client distribution, required major version or None for any).
SEARCH_CLIENTS = {
    "wagtail.search.backends.elasticsearch8": ("elasticsearch", 8),
    "wagtail.search.backends.elasticsearch9": ("elasticsearch", 9),
    "wagtail.search.backends.opensearch2": ("opensearch-py", None),
    "wagtail.search.backends.opensearch3": ("opensearch-py", None),
}


def installed_major_version(distribution):
    try:
        return int(version(distribution).split(".")[0])
    except PackageNotFoundError:
        return None


@register(Tags.compatibility)
def check_search_client(app_configs, **kwargs):
    errors = []
    for name, config in getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).items():
        distribution, major = SEARCH_CLIENTS.get(config.get("BACKEND"), (None, None))
        if distribution is None:
            continue
        installed = installed_major_version(distribution)
        if installed is None or (major is not None and installed != major):
            wanted = f"{distribution}>={major},<{major + 1}" if major else distribution
            errors.append(
                Error(
                    f"Search backend {name!r} ({config['BACKEND']}) needs the {wanted} client, "
                    f"but {f'{distribution} {installed}.x is' if installed else 'none is'} installed.",
                    hint=f"pip install '{wanted}' (or set SEARCH_BACKEND to match the server).",
                    id="search.E001",
                )
            )
    return errors


@register(Tags.models)
def check_tagged_page_types(app_configs, **kwargs):
    """The page models with tags and the result types with a model are the same, tags searchable as a filter.

    A tagged page model without a result type of its own would be listed under "Other
    pages", and Elasticsearch's tag counts, taken per result type, would leave out its
    tags; a result type whose model has no tags cannot be counted by tag, nor can tags
    that are not a search filter field.
    """
    tagged = tagged_page_models()
    typed = [kind.model for kind in MODEL_TYPES]
    problems = [
        (
            model,
            "has tags but no result type in search.result_types.MODEL_TYPES",
            "Add a ResultType for it: its type= key and labels",
        )
        for model in tagged
        if model not in typed
    ]
    problems += [
        (
            model,
            "has a result type in search.result_types.MODEL_TYPES but no tags",
            "Give it tags or drop its ResultType",
        )
        for model in typed
        if model not in tagged
    ]
    problems += [
        (
            model,
            "has tags that search backends cannot count",
            'Add index.FilterField("tags") to its search_fields',
        )
        for model in tagged
        if not filters_by_tags(model)
    ]
    return [
        Error(
            f"{model.__name__} {problem}.",
            hint=f"{remedy} (see docs/adding-a-page-type.md).",
            obj=model,
            id="search.E003",
        )
        for model, problem, remedy in problems
    ]


def filters_by_tags(model):
    """Whether ``model``'s search fields let backends filter and count its pages by tag."""
    fields = model.get_search_fields()
    return any(isinstance(field, index.FilterField) and field.field_name == "tags" for field in fields)


#: The migration that creates search_pageentry and the triggers that keep it current.
PAGE_ENTRIES_MIGRATION = ("search", "0005_postgres_page_entries")


def page_entry_triggers():
    """{(trigger, table)} that keep ``search_pageentry`` equal to its sources (migration search.0005)."""
    triggers = {
        ("search_pageentry_entry_written", "wagtailsearch_indexentry"),
        ("search_pageentry_entries_truncated", "wagtailsearch_indexentry"),
        ("search_pageentry_page_live", "wagtailcore_page"),
        ("search_pageentry_page_deleted", "wagtailcore_page"),
    }
    triggers |= {("search_pageentry_tags_written", table) for table in tag_tables()}
    return triggers


def tag_tables():
    """The tables of every page model's tags, which ``search_page_tag_ids()`` reads and triggers watch."""
    return [through._meta.db_table for through in tag_through_models()]


@register(Tags.database)
def check_page_entry_triggers(app_configs, databases=None, **kwargs):
    """On PostgreSQL, the page entries' triggers are all in place once their migration has run.

    Without one, ``search_pageentry`` silently falls behind (say, after an upgrade recreates
    a table it watches, or for a new kind of page with tags, whose tag table migration
    search.0005 does not name) and searches miss or show stale pages. Runs with ``migrate`` and
    ``manage.py check --database default``.
    """
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        if PAGE_ENTRIES_MIGRATION not in MigrationRecorder(connection).applied_migrations():
            continue
        with connection.cursor() as cursor:
            sql = "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE %s"
            cursor.execute(sql, ["search_pageentry_%"])
            missing = page_entry_triggers() - set(cursor.fetchall())
            cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", ["search_page_tag_ids"])
            source = " ".join(row[0] for row in cursor.fetchall())
        errors += [
            Error(
                f"Trigger {trigger} on {table} is missing: search_pageentry no longer follows its sources.",
                hint=(
                    "Re-run migration search.0005 (migrate search 0004, then migrate search); for a new "
                    "kind of page with tags, add a search migration that creates its trigger."
                ),
                id="search.E002",
            )
            for trigger, table in sorted(missing)
        ]
        errors += [
            Error(
                f"search_page_tag_ids() does not read {table}: search_pageentry leaves out those tags.",
                hint="Add a search migration that recreates it over every tag table, as search.0005 does.",
                id="search.E004",
            )
            for table in tag_tables()
            if f"FROM {table} " not in source
        ]
    return errors

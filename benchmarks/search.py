"""Search speed: build 1,000 and 10,000 pages of varied text, time update_index and the search view.

    .venv/bin/python benchmarks/search.py           # SQLite and PostgreSQL, 1,000 and 10,000 pages
    .venv/bin/python benchmarks/search.py --databases sqlite --pages 1000
    .venv/bin/python benchmarks/search.py --stock   # also time Wagtail's stock ranking at 1,000 pages

Each database and size runs in its own process against a throwaway database (an
SQLite file in a temporary folder, or a PostgreSQL database created for the run and
dropped after), so nothing touches the project's data. Half the pages are
treatments, half articles, with structured bodies written from made-up words whose
frequencies follow Zipf's law: the k-th commonest word is used in proportion to
1/k**s. With s = 1 (``--zipf-exponent``, the default), as in natural language, the
commonest word is about 11% of the text, as "the" is about 6% of English; a few words
appear on every page ("common" queries), most on few. ``--zipf-exponent 2`` makes
the commonest word over half of all text, a worst case for ranking.
On PostgreSQL the fresh database is vacuumed and analysed after ``update_index``, as
autovacuum would do after a bulk load, and checkpointed.

Latency is measured twice for each query. "Search" is the search view's code path
up to the template: ``run_search``, i.e. normalising, synonyms, promotions, the
backend's page of results, type and tag counts. "View" is the whole view: a GET
request built with RequestFactory, ``search_view`` (with the query log upsert and
the no-results suggestions) and the rendered template (header, footer, results).
Every query runs once to warm up, then ``--repeat`` times.
Needs Python, the project's virtualenv and, for PostgreSQL, a server reachable at
``--postgres-url`` whose user may create databases. Takes a few minutes, most of it
creating 10,000 pages through Wagtail.
"""

import argparse
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "benchmarks" / "out"

#: Label -> GET parameters; "{common}" stands for the made-up word on every
#: page, "{rare}" for one on fewer than 2% of them, "{rare_misspelt}" for that word
#: with two letters swapped (corrected through the index's vocabulary).
QUERIES = {
    "most common word": {"q": "{common}"},
    "common words": {"q": "skin provider results"},
    "lay words with synonyms": {"q": "shots for migraines"},
    "misspelt": {"q": "migrane jabs"},
    "phrase synonym": {"q": "sweaty armpits"},
    "rare word": {"q": "{rare}"},
    "rare word misspelt": {"q": "{rare_misspelt}"},
    "no results": {"q": "xylophonic"},
    "common word, type filter": {"q": "skin", "type": "treatment"},
    "common word, tag filter": {"q": "provider", "tag": "skin"},
    "common word, page 5": {"q": "provider", "page": "5"},
}
SYNONYMS = [
    "botox\nbotulinum toxin\nbotax",
    "migraine\nheadache\nmigrane",
    "injections\nshots\njabs",
    "hyperhidrosis\nexcessive sweating\nsweaty armpits",
]
DOMAIN_WORDS = [
    *("botox", "migraine", "headache", "injections", "skin", "peel", "sweating", "hyperhidrosis"),
    *("wrinkles", "scars", "acne", "collagen", "needling", "consultation", "provider", "results"),
    *("weeks", "months", "session", "treatment", "aftercare"),
]
#: Share of the words drawn from DOMAIN_WORDS: each then appears on roughly a third of the pages.
DOMAIN_WORD_SHARE = 0.03
TAGS = ["skin", "migraine", "botox", "sweating", "wellbeing", "ageing skin"]
#: Wagtail's stock SQLite ranking takes seconds per query beyond this size (24 s at 5,000
#: pages, as measured for the issue). At 1,000 it is a yardstick of the machine's speed
#: for comparing runs on different days: its code does not change with ours.
STOCK_MAX_PAGES = 1_000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    databases = ["sqlite", "postgres"]
    parser.add_argument("--databases", nargs="+", default=databases, choices=databases)
    parser.add_argument("--pages", nargs="+", type=int, default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each query (default 20)")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCHMARK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL database to connect to while creating and dropping the throwaway one",
    )
    parser.add_argument(
        "--stock",
        action="store_true",
        help=f"also time Wagtail's stock SQLite ranking, at up to {STOCK_MAX_PAGES:,} pages",
    )
    parser.add_argument(
        "--zipf-exponent",
        type=float,
        default=1.0,
        help="how steeply word frequencies fall with rank (default 1, as in natural language)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run_worker(args)
        return

    results = []
    for database in args.databases:
        for pages in args.pages:
            print(f"\n== {database}, {pages:,} pages", flush=True)
            results.append(run_in_throwaway_database(database, pages, args))
    print_summary(results)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "search.json").write_text(json.dumps(results, indent=2))
    print(f"\nResults saved to {RESULTS / 'search.json'}")


def run_in_throwaway_database(database, pages, args):
    """Run the worker in a new process with DATABASE_URL pointing at a fresh database."""
    command = [sys.executable, __file__, "--worker", "--pages", str(pages), "--repeat", str(args.repeat)]
    command += ["--databases", database, "--zipf-exponent", str(args.zipf_exponent)]
    command += ["--stock"] if args.stock else []
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    env.pop("ELASTICSEARCH_URL", None)
    if database == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            env["DATABASE_URL"] = f"sqlite:///{folder}/benchmark.sqlite3"
            return read_worker_result(subprocess.run(command, env=env, capture_output=True, text=True))
    import psycopg

    name = f"clinic_search_benchmark_{uuid.uuid4().hex[:8]}"
    admin_url = args.postgres_url
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env["DATABASE_URL"] = admin_url.rsplit("/", 1)[0] + f"/{name}"
        return read_worker_result(subprocess.run(command, env=env, capture_output=True, text=True))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def read_worker_result(completed):
    print(completed.stdout, end="")
    if completed.returncode != 0:
        print(completed.stderr, file=sys.stderr)
        raise SystemExit(f"The benchmark worker failed (exit status {completed.returncode}).")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def print_summary(results):
    print("\n== Summary (milliseconds; search = query builder and backend, view = whole view)")
    header = (
        f"{'database':<10} {'pages':>7} {'update_index':>13} "
        f"{'search p50':>11} {'search p95':>11} {'view p50':>9} {'view p95':>9}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        print(
            f"{result['database']:<10} {result['pages']:>7,} {result['update_index_seconds']:>12.1f}s "
            f"{result['search_p50_ms']:>11.1f} {result['search_p95_ms']:>11.1f} "
            f"{result['view_p50_ms']:>9.1f} {result['view_p95_ms']:>9.1f}"
        )


# The worker: runs inside Django, against the throwaway database.


def run_worker(args):
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    pages = args.pages[0]
    rng = random.Random(pages)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    report(f"migrated in {time.perf_counter() - started:.1f}s")

    # Build without indexing, then time a full update_index.
    settings.WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False
    started = time.perf_counter()
    common_word, rare_word = build_site(pages, rng, args.zipf_exponent)
    report(f"built {pages:,} pages in {time.perf_counter() - started:.1f}s")
    settings.WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = True
    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    index_seconds = time.perf_counter() - started
    report(f"update_index: {index_seconds:.1f}s")
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load (it is off on some servers, this machine's
        # among them): planner statistics, and the GIN indexes' pending entries merged.
        # Then a checkpoint, as the server makes within minutes: otherwise it writes the
        # bulk load out to disk while the searches are timed.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")

    timings = time_queries(common_word, rare_word, args.repeat)
    report(f"  {'':<28} {'search p50':>11} {'search p95':>11} {'view p50':>9} {'view p95':>9}  (ms)")
    for label, (search_times, view_times) in timings.items():
        cells = [percentile(times, n) for times in (search_times, view_times) for n in (50, 95)]
        report(f"  {label:<28} {cells[0]:11.1f} {cells[1]:11.1f} {cells[2]:9.1f} {cells[3]:9.1f}")
    result = {"database": connection.vendor, "pages": pages, "update_index_seconds": round(index_seconds, 2)}
    for name, index in (("search", 0), ("view", 1)):
        all_times = [ms for pair in timings.values() for ms in pair[index]]
        result[f"{name}_p50_ms"] = round(percentile(all_times, 50), 1)
        result[f"{name}_p95_ms"] = round(percentile(all_times, 95), 1)
        result[f"{name}_max_ms"] = round(max(all_times), 1)
    if args.stock and connection.vendor == "sqlite" and pages <= STOCK_MAX_PAGES:
        result["stock_p95_ms"] = time_stock_backend(common_word, rare_word, args.repeat)
        report(f"  Wagtail's stock SQLite ranking, same queries: p95 {result['stock_p95_ms']:.1f} ms")
    print(json.dumps(result))


def report(line):
    print(line, flush=True)


def percentile(values, percent):
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


class Vocabulary:
    """Made-up words drawn by Zipf's law: the k-th word in proportion to 1 / k**exponent."""

    def __init__(self, rng, exponent, size=4_000):
        syllables = [consonant + vowel for consonant in "bdfklmnrstv" for vowel in "aeio"]
        words = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size * 2)}
        self.words = sorted(words)[:size]
        self.cum_weights = list(itertools.accumulate(1 / rank**exponent for rank in range(1, size + 1)))
        self.rng = rng

    def sentence(self, length):
        """``length`` words: mostly made-up words, some domain words."""
        chosen = []
        for _ in range(length):
            if self.rng.random() < DOMAIN_WORD_SHARE:
                chosen.append(self.rng.choice(DOMAIN_WORDS))
            else:
                chosen.append(self.rng.choices(self.words, cum_weights=self.cum_weights)[0])
        return " ".join(chosen).capitalize() + "."


def build_site(pages, rng, zipf_exponent):
    """A home page, a treatment index and an article index with ``pages`` pages between them.

    Returns the made-up word on every page and one on fewer than 2% of them.
    """
    from django.db import transaction
    from wagtail.models import Page, Site

    from articles.models import ArticleIndexPage, ArticlePage
    from cms.models import Clinician
    from home.models import HomePage
    from search.models import SynonymGroup
    from treatments.models import TreatmentIndexPage, TreatmentPage

    vocabulary = Vocabulary(rng, zipf_exponent)
    sentence = vocabulary.sentence
    common_word, rare_word = vocabulary.words[0], vocabulary.words[-1]

    def paragraph(sentences=4):
        return " ".join(sentence(rng.randint(8, 18)) for _ in range(sentences))

    def body():
        return [
            {"type": "rich_text", "value": f"<p>{paragraph()}</p><p>{paragraph()}</p>"},
            {
                "type": "faq",
                "value": {
                    "heading": "",
                    "items": [
                        {"question": sentence(6)[:-1] + "?", "answer": f"<p>{paragraph(2)}</p>"}
                        for _ in range(3)
                    ],
                },
            },
        ]

    with transaction.atomic():
        for terms in SYNONYMS:
            SynonymGroup.objects.create(terms=terms)
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).delete()
        root.refresh_from_db()
        home = root.add_child(instance=HomePage(title="Home", slug="home", hero_heading="Welcome"))
        site = {"root_page": home, "hostname": "localhost"}
        Site.objects.update_or_create(is_default_site=True, defaults=site)
        treatments = home.add_child(instance=TreatmentIndexPage(title="Treatments", slug="treatments"))
        articles = home.add_child(instance=ArticleIndexPage(title="Articles", slug="articles", intro="News."))
        author = Clinician.objects.create(name="Dr Benchmark", role="Consultant")
        for n in range(pages):
            title = sentence(rng.randint(2, 5))[:-1]
            text = paragraph(1)[:290]
            if n % 2:
                page = ArticlePage(title=title, slug=f"article-{n}", intro=text, clinician_author=author)
                parent = articles
            else:
                page = TreatmentPage(title=title, slug=f"treatment-{n}", summary=text)
                parent = treatments
            page.body = body()
            if n % 100 == 0:
                page.body = [{"type": "rich_text", "value": f"<p>{rare_word} {paragraph(1)}</p>"}]
            page.tags.add(*rng.sample(TAGS, 2))
            parent.add_child(instance=page)
        # Medical pages are created as drafts until a clinician signs them off
        # (signoff.signals); this times search, not sign-off, so they go live at once.
        TreatmentPage.objects.update(live=True, has_unpublished_changes=False)
    return common_word, rare_word


def time_queries(common_word, rare_word, repeat):
    """{label: (search milliseconds, view milliseconds)} for each query; see the module docstring."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from search.params import SearchParams
    from search.run import run_search
    from search.views import search_view

    factory = RequestFactory()

    def search(params):
        run_search(SearchParams.from_query_dict(params))

    def view(params):
        request = factory.get("/search/", params, HTTP_USER_AGENT="benchmark")
        request.user = AnonymousUser()
        search_view(request).render()

    timings = {}
    for label, query in QUERIES.items():
        words = {"common": common_word, "rare": rare_word, "rare_misspelt": swapped(rare_word)}
        params = {**query, "q": query["q"].format(**words)}
        timings[label] = (milliseconds(search, params, repeat), milliseconds(view, params, repeat))
    return timings


def swapped(word):
    """``word`` with its second and third letters swapped: one edit away."""
    return word[0] + word[2] + word[1] + word[3:]


def milliseconds(function, argument, repeat):
    """Timings of ``repeat`` calls of ``function(argument)``, after one to warm up."""
    function(argument)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function(argument)
        times.append((time.perf_counter() - started) * 1000)
    return times


def time_stock_backend(common_word, rare_word, repeat):
    """p95 milliseconds for a page of results and a count from Wagtail's stock SQLite backend."""
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend
    from wagtail.models import Page

    backend = SQLiteSearchBackend({})
    times = []
    for query in (common_word, "skin provider results", "migraine injections", rare_word):
        for run in range(max(repeat // 4, 1) + 1):
            started = time.perf_counter()
            results = backend.search(query, Page.objects.live().public(), operator="or")
            list(results[:10])
            results.count()
            if run:
                times.append((time.perf_counter() - started) * 1000)
    return round(percentile(times, 95), 1)


if __name__ == "__main__":
    main()

"""Cold render: time the demo pages rendered in-process with no page cache and no page fragments.

    .venv/bin/python benchmarks/cold_render.py                    # 200 renders of each page
    .venv/bin/python benchmarks/cold_render.py --iterations 50 --profile
    .venv/bin/python benchmarks/cold_render.py --production     # as load.py serves it
    .venv/bin/python benchmarks/cold_render.py --without-parts  # every part rendered each time

A worker process builds the demo site (``migrate`` and ``load_demo_content``) in an
SQLite file and media folder in a temporary folder, with ``cms.settings.test``, whose
page cache and page fragments are off, so every request builds the page from the
database: what the first visitor after a publish and anyone during a Redis outage get.
Django's own cache (local memory, holding Wagtail's image renditions and site root
paths) is kept, as in the "nothing" row of benchmarks/load.py; ``--clear-cache``
empties it before every render as well. The page's stored parts (cms/stored_parts.py)
are kept in the database, as that row keeps them: rendered by the first, unmeasured
request, then served; ``--without-parts`` turns them off, so each render is what the
first visit after a change to the page, or an editor's preview, costs (the load
benchmark's "no parts" row). ``--production`` builds the site as load.py does
(``benchmarks.settings``: production settings, collected static files) and renders it
with neither cache, as that row does under gunicorn.

Each page is requested through Django's test client (the whole middleware stack, the
site lookup and Wagtail's page view), once to warm up, then ``--iterations`` times; the
median and 95th percentile milliseconds and the queries of one render are printed.
``--profile`` renders the treatment page again under cProfile and prints the 25
functions with the most cumulative time and with the most time of their own, then the
templates with the most time: "self" leaves out the templates they include, extend or
render as blocks, "inclusive" counts them. Each page stops after ``--max-seconds`` of
rendering, and the worker is stopped after ``--timeout`` seconds. Results are saved to
benchmarks/out/cold_render.json.
"""

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "benchmarks" / "out"
PAGES = {
    "treatment": "/treatments/botox-for-chronic-migraine/",
    "home": "/",
    "article": "/articles/botox-for-chronic-migraine-what-to-expect/",
    "article index": "/articles/",
}
PROFILED_PAGE = "treatment"
TOP_FUNCTIONS = 25
TOP_TEMPLATES = 20
TOP_PROJECT_FUNCTIONS = 20
#: Where a render's time goes, each as the cumulative time of its entry points
#: (file ending, function name): nested calls of the same entry point are counted once
#: by cProfile, but areas overlap (SQL run by a template tag is in both).
AREAS = {
    "SQL: building, running and reading queries": [("django/db/models/sql/compiler.py", "execute_sql")],
    "template loading (cached loader lookups)": [
        ("django/template/engine.py", "get_template"),
        ("django/template/engine.py", "select_template"),
    ],
    "template rendering, all of it": [("django/template/response.py", "rendered_content")],
    "StreamField blocks ({% include_block %})": [("wagtail/templatetags/wagtailcore_tags.py", "render")],
    "image renditions": [
        ("wagtail/images/models.py", "get_rendition"),
        ("wagtail/images/models.py", "get_renditions"),
    ],
    "rich text": [("wagtail/rich_text/__init__.py", "expand_db_html")],
    "site settings (Wagtail settings for_request)": [("wagtail/contrib/settings/models.py", "for_request")],
    "Wagtail routing and site lookup": [
        ("wagtail/models/sites.py", "find_for_request"),
        ("wagtail/models/pages.py", "route"),
    ],
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--iterations", type=int, default=200, help="timed renders of each page (default 200)"
    )
    parser.add_argument("--profile", action="store_true", help="profile the treatment page's renders")
    parser.add_argument(
        "--clear-cache", action="store_true", help="empty Django's cache before every render too"
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=60,
        help="stop rendering a page after this many seconds, whatever --iterations says (default 60)",
    )
    parser.add_argument(
        "--timeout", type=int, default=900, help="stop the worker after this many seconds (default 900)"
    )
    parser.add_argument(
        "--production",
        action="store_true",
        help="production settings (benchmarks.settings, collected static files) instead of the tests'",
    )
    parser.add_argument(
        "--without-parts", action="store_true", help="no stored page parts: every part rendered each time"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.iterations < 1:
        parser.error("--iterations must be at least 1.")
    if args.worker:
        run_worker(args)
        return
    result = run_in_throwaway_database(args)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "cold_render.json").write_text(json.dumps(result, indent=2))
    print(f"\nResults saved to {RESULTS / 'cold_render.json'}")


def run_in_throwaway_database(args):
    """Run the worker in a new process whose database and media are in a temporary folder."""
    command = [sys.executable, __file__, "--worker", *sys.argv[1:]]
    with tempfile.TemporaryDirectory(prefix="clinic-cold-render-") as folder:
        if args.production:
            env = production_site(folder)
        else:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "cms.settings.test",
                "DATABASE_URL": f"sqlite:///{folder}/benchmark.sqlite3",
                "DJANGO_MEDIA_ROOT": f"{folder}/media",
            }
            for unset in ("ELASTICSEARCH_URL", "REDIS_URL"):
                env.pop(unset, None)
        if args.without_parts:
            env["STORED_PARTS_ENABLED"] = "0"
        lines = []
        with subprocess.Popen(command, env=env, cwd=PROJECT, stdout=subprocess.PIPE, text=True) as worker:
            try:
                for line in worker.stdout:
                    print(line, end="", flush=True)
                    lines.append(line)
                worker.wait(timeout=args.timeout)
            finally:
                if worker.poll() is None:
                    worker.kill()
    if worker.returncode != 0:
        raise SystemExit(f"The benchmark worker failed (exit status {worker.returncode}).")
    return json.loads(lines[-1])


def production_site(folder):
    """The environment of the demo site built in ``folder`` as load.py serves it, neither cache on."""
    sys.path.insert(0, str(PROJECT))
    from benchmarks.servers import DemoSite

    site = DemoSite(folder)
    print(f"Demo site built with production settings in {site.build():.0f}s.", flush=True)
    return {
        **site.env,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "PAGE_CACHE_ENABLED": "0",
        "FRAGMENT_CACHE_ENABLED": "0",
    }


# The worker: runs inside Django, against the throwaway database.


def run_worker(args):
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.core.management import call_command

    if not args.production:  # built by production_site
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("load_demo_content", stdout=io.StringIO())
        report(f"Migrated and loaded the demo content in {time.perf_counter() - started:.0f}s.")
    # Setting up leaves hundreds of thousands of objects a served worker would not hold;
    # frozen, the garbage collector's full passes during renders no longer walk them.
    gc.collect()
    gc.freeze()
    renderer = Renderer(args.clear_cache)
    pages = []
    for name, path in PAGES.items():
        with GarbageCollectionTimer() as collections:
            timings = renderer.time(path, args.iterations, args.max_seconds)
        pages.append(
            {
                "page": name,
                "path": path,
                "renders": len(timings),
                "median_ms": round(statistics.median(timings), 2),
                "p95_ms": round(percentile(timings, 95), 2),
                "queries": renderer.queries(path),
                "gc_ms_per_render": round(collections.seconds * 1000 / len(timings), 2),
            }
        )
    report("")
    header = f"{'page':<15} {'renders':>7} {'median ms':>9} {'p95 ms':>7} {'queries':>7} {'gc ms':>6}"
    report(header)
    report("-" * len(header))
    for page in pages:
        report(
            f"{page['page']:<15} {page['renders']:>7} {page['median_ms']:>9.1f} "
            f"{page['p95_ms']:>7.1f} {page['queries']:>7} {page['gc_ms_per_render']:>6.1f}"
        )
    result = {"clear_cache": args.clear_cache, "pages": pages}
    if args.profile:
        result["profile"] = profile(renderer, PAGES[PROFILED_PAGE], args)
    print(json.dumps(result))


class Renderer:
    """GET requests through the test client, each checked for a whole, uncached page."""

    def __init__(self, clear_cache):
        from django.test import Client

        self.client = Client()
        self.clear_cache = clear_cache

    def get(self, path):
        if self.clear_cache:
            from django.core.cache import cache

            cache.clear()
        response = self.client.get(path)
        if response.status_code != 200 or response.get("X-Page-Cache", "bypass") != "bypass":
            raise SystemExit(
                f"{path} answered {response.status_code}, X-Page-Cache {response.get('X-Page-Cache')}"
            )
        return response

    def time(self, path, iterations, max_seconds):
        """Milliseconds of each render after a first, unmeasured one; stops after ``max_seconds``."""
        self.get(path)
        timings = []
        deadline = time.perf_counter() + max_seconds
        while len(timings) < iterations and time.perf_counter() < deadline:
            started = time.perf_counter()
            self.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        return timings

    def queries(self, path):
        """The SQL queries one render runs (counted in a separate, untimed render)."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.get(path)
        return len(captured)


def profile(renderer, path, args):
    """cProfile and per-template timings of the page's renders; prints and returns the top entries."""
    profiler = cProfile.Profile()
    profiler.enable()
    renders = render_repeatedly(renderer, path, args)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total_ms = stats.total_tt * 1000 / renders
    report(f"\nProfile of {renders} renders of {path}: {total_ms:.1f} ms a render under cProfile.")
    result = {"renders": renders, "profiled_ms_per_render": round(total_ms, 2)}
    for sort, title in (("cumulative", "cumulative time"), ("tottime", "time of their own")):
        report(f"\n== Top {TOP_FUNCTIONS} functions by {title} (ms are per render)")
        rows = top_functions(stats, sort, renders)
        report(f"{'calls':>7} {'own ms':>7} {'cum ms':>7}  function")
        for row in rows:
            report(
                f"{row['calls']:>7.1f} {row['own_ms']:>7.2f} {row['cumulative_ms']:>7.2f}  {row['function']}"
            )
        result[f"top_by_{sort}"] = rows
    result["areas"] = areas(stats, renders)
    report("\n== Areas: cumulative ms per render of their entry points (they overlap)")
    for name, milliseconds in result["areas"].items():
        report(f"{milliseconds:>7.2f}  {name}")
    result["project_functions"] = project_functions(stats, renders)
    report(f"\n== Top {TOP_PROJECT_FUNCTIONS} of the project's own functions by cumulative time (per render)")
    report(f"{'calls':>7} {'own ms':>7} {'cum ms':>7}  function")
    for row in result["project_functions"]:
        report(f"{row['calls']:>7.1f} {row['own_ms']:>7.2f} {row['cumulative_ms']:>7.2f}  {row['function']}")
    # Timed apart from cProfile, whose cost per call would inflate the busiest templates.
    with TemplateTimer() as templates:
        renders = render_repeatedly(renderer, path, args)
    report(f"\n== Top {TOP_TEMPLATES} templates by time of their own, over {renders} renders (ms per render)")
    report(f"{'renders':>7} {'self ms':>7} {'incl ms':>7}  template")
    rows = templates.top(renders)
    for row in rows:
        report(
            f"{row['renders']:>7.1f} {row['self_ms']:>7.2f} {row['inclusive_ms']:>7.2f}  {row['template']}"
        )
    result["templates"] = rows
    return result


def render_repeatedly(renderer, path, args):
    """Render ``path`` ``--iterations`` times or for ``--max-seconds``; the number of renders."""
    renders = 0
    deadline = time.perf_counter() + args.max_seconds
    while renders < args.iterations and time.perf_counter() < deadline:
        renderer.get(path)
        renders += 1
    return renders


def areas(stats, renders):
    """Milliseconds per render of each of ``AREAS``."""
    totals = {}
    for area, entry_points in AREAS.items():
        seconds = sum(
            cumulative
            for (filename, _, function), (_, _, _, cumulative, _) in stats.stats.items()
            if any(filename.endswith(ending) and function == name for ending, name in entry_points)
        )
        totals[area] = round(seconds * 1000 / renders, 2)
    return totals


def project_functions(stats, renders):
    """The project's own functions (not its libraries' or this script's) with the most cumulative time."""
    own = {
        key: value
        for key, value in stats.stats.items()
        if key[0].startswith(f"{PROJECT}/") and "/.venv/" not in key[0] and "/benchmarks/" not in key[0]
    }
    return function_rows(own, 3, renders, TOP_PROJECT_FUNCTIONS)


def top_functions(stats, sort, renders):
    """The top functions of ``stats`` sorted by ``sort``, with per-render calls and milliseconds."""
    return function_rows(stats.stats, 3 if sort == "cumulative" else 2, renders, TOP_FUNCTIONS)


def function_rows(entries, key, renders, limit):
    entries = sorted(entries.items(), key=lambda item: item[1][key], reverse=True)[:limit]
    rows = []
    for (filename, line, name), (_, calls, own, cumulative, _) in entries:
        where = shorten(filename)
        rows.append(
            {
                "function": f"{where}:{line}({name})" if line else name,
                "calls": round(calls / renders, 1),
                "own_ms": round(own * 1000 / renders, 3),
                "cumulative_ms": round(cumulative * 1000 / renders, 3),
            }
        )
    return rows


def shorten(filename):
    """A path from site-packages or the project, rather than the whole of it."""
    for marker in ("site-packages/", f"{PROJECT}/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


class GarbageCollectionTimer:
    """The seconds the garbage collector ran while active (``gc.callbacks``)."""

    def __init__(self):
        self.seconds = 0.0
        self.started = None

    def callback(self, phase, info):
        if phase == "start":
            self.started = time.perf_counter()
        elif self.started is not None:
            self.seconds += time.perf_counter() - self.started

    def __enter__(self):
        gc.callbacks.append(self.callback)
        return self

    def __exit__(self, *exc):
        gc.callbacks.remove(self.callback)


class TemplateTimer:
    """Times every ``django.template.base.Template._render`` while active, by template name.

    ``_render`` rather than ``render``: ``{% extends %}`` renders the parent template
    through ``_render`` alone. Self time subtracts the time of templates rendered inside.
    """

    def __init__(self):
        self.inclusive = defaultdict(float)
        self.own = defaultdict(float)
        self.calls = defaultdict(int)
        self.stack = []

    def __enter__(self):
        from django.template.base import Template

        self.original = Template._render
        timer = self

        def timed_render(template, context):
            name = template.origin.template_name or template.origin.name or "(string)"
            timer.stack.append(0.0)
            started = time.perf_counter()
            try:
                return timer.original(template, context)
            finally:
                elapsed = time.perf_counter() - started
                inner = timer.stack.pop()
                timer.inclusive[name] += elapsed
                timer.own[name] += elapsed - inner
                timer.calls[name] += 1
                if timer.stack:
                    timer.stack[-1] += elapsed

        Template._render = timed_render
        return self

    def __exit__(self, *exc):
        from django.template.base import Template

        Template._render = self.original

    def top(self, renders):
        names = sorted(self.own, key=self.own.get, reverse=True)[:TOP_TEMPLATES]
        return [
            {
                "template": str(name),
                "renders": round(self.calls[name] / renders, 1),
                "self_ms": round(self.own[name] * 1000 / renders, 3),
                "inclusive_ms": round(self.inclusive[name] * 1000 / renders, 3),
            }
            for name in names
        ]


def percentile(values, percent):
    """The nearest-rank percentile of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered)) - 1))]


def report(line):
    print(line, flush=True)


if __name__ == "__main__":
    main()

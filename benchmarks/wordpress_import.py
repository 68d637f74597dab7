"""WordPress import speed: generate an export of 2,000 posts, time a dry run, the import and a re-run.

    .venv/bin/python benchmarks/wordpress_import.py              # 2,000 posts
    .venv/bin/python benchmarks/wordpress_import.py --posts 200  # a quick look

The export comes from tests/wpimport/generate.py (the one the scale test uses): every
post has an intro, four h2 sections, a list, a link to the post before it by its
``?p=ID`` address, a category, a tag and a Yoast title with variables; every tenth is in
"Treatments" and becomes a treatment page draft. The worker runs in a new process
against an SQLite file in a temporary folder (``DJANGO_SETTINGS_MODULE=cms.settings.test``),
migrates it, adds a home page with an article and a treatment index, and runs
``manage.py import_wordpress`` three times with ``--publish``, as a clinic would:

- ``--dry-run``: everything, then rolled back;
- the import: each post in its own transaction, with its revision and two redirects;
- the same export again: every post unchanged, so skipped.

For each it prints the wall time, posts per second and milliseconds per post, and the
process's peak resident memory so far (``resource.getrusage``; it only ever grows, so
the figure after a run is the most that run or anything before it needed). Results are
saved to benchmarks/out/wordpress_import.json. 500 posts took five minutes on a busy
shared machine (docs/performance.md).
"""

import argparse
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "benchmarks" / "out"
RUNS = (("dry run", ["--dry-run"]), ("import", []), ("re-run, unchanged", []))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--posts", type=int, default=2_000, help="posts in the generated export (default 2000)"
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=1_800,
        help="give up on the worker after this many seconds (default 1800)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.posts < 1:
        parser.error("--posts must be at least 1.")
    if args.worker:
        run_worker(args.posts, Path(args.folder))
        return
    result = run_in_throwaway_database(args.posts, args.timeout)
    print_summary(result)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "wordpress_import.json").write_text(json.dumps(result, indent=2))
    print(f"\nResults saved to {RESULTS / 'wordpress_import.json'}")


def run_in_throwaway_database(posts, timeout):
    """Run the worker in a new process with DATABASE_URL and the media folder in a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, __file__, "--worker", "--posts", str(posts), "--folder", folder]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": f"sqlite:///{folder}/benchmark.sqlite3",
        }
        env.pop("ELASTICSEARCH_URL", None)
        # The worker's lines are shown as they come: a large import takes minutes a run.
        with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) as worker:
            timer = threading.Timer(timeout, worker.kill)
            timer.start()
            lines = []
            for line in worker.stdout:
                print(line, end="", flush=True)
                lines.append(line)
            timer.cancel()
    if worker.returncode != 0:
        stopped = worker.returncode == -signal.SIGKILL
        raise SystemExit(
            f"The benchmark worker took longer than {timeout} s and was stopped."
            if stopped
            else f"The benchmark worker failed (exit status {worker.returncode})."
        )
    return json.loads(lines[-1])


def print_summary(result):
    print(f"\n== {result['posts']:,} posts on {result['database']}")
    header = f"{'run':<20} {'seconds':>8} {'posts/s':>8} {'ms/post':>8} {'peak MB':>8}  outcomes"
    print(header)
    print("-" * len(header))
    for run in result["runs"]:
        outcomes = ", ".join(f"{count} {name}" for name, count in run["outcomes"].items())
        print(
            f"{run['name']:<20} {run['seconds']:>8.1f} {run['posts_per_second']:>8.1f} "
            f"{run['ms_per_post']:>8.1f} {run['peak_mb']:>8.0f}  {outcomes}"
        )


# The worker: runs inside Django, against the throwaway database.


def run_worker(posts, folder):
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from tests.wpimport.generate import write_export

    settings.MEDIA_ROOT = folder / "media"
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    build_site()
    report(f"migrated and built the site in {time.perf_counter() - started:.1f}s; {peak_mb():.0f} MB")
    started = time.perf_counter()
    export = write_export(folder / "export.xml", posts)
    report(
        f"generated {posts:,} posts ({export.stat().st_size / 1e6:.1f} MB of WXR) "
        f"in {time.perf_counter() - started:.1f}s"
    )
    runs = []
    for name, options in RUNS:
        report_path = folder / "report.json"
        started = time.perf_counter()
        call_command(
            "import_wordpress",
            str(export),
            "--publish",
            "--report",
            str(report_path),
            *options,
            stdout=io.StringIO(),
        )
        seconds = time.perf_counter() - started
        summary = json.loads(report_path.read_text())["summary"]
        run = {
            "name": name,
            "seconds": round(seconds, 2),
            "posts_per_second": round(posts / seconds, 1),
            "ms_per_post": round(seconds * 1000 / posts, 1),
            "peak_mb": round(peak_mb()),
            "outcomes": summary["outcomes"],
            "published": summary["published"],
            "redirects": summary["redirects"],
        }
        runs.append(run)
        report(
            f"{name}: {seconds:.1f}s, {run['posts_per_second']} posts/s, {run['ms_per_post']} ms/post, "
            f"peak {run['peak_mb']} MB; {summary['outcomes']}"
        )
    print(json.dumps({"database": connection.vendor, "posts": posts, "runs": runs}))


def build_site():
    """A home page serving the default site, with the article and treatment indexes imports go under."""
    from django.db import transaction
    from wagtail.models import Page, Site

    from articles.models import ArticleIndexPage
    from home.models import HomePage
    from treatments.models import TreatmentIndexPage

    with transaction.atomic():
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).delete()
        root.refresh_from_db()
        home = root.add_child(instance=HomePage(title="Home", slug="home", hero_heading="Welcome"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
        )
        home.add_child(instance=TreatmentIndexPage(title="Treatments", slug="treatments"))
        home.add_child(instance=ArticleIndexPage(title="Articles", slug="articles"))


def peak_mb():
    """The process's peak resident memory so far, in megabytes (Linux reports kilobytes)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(line):
    print(line, flush=True)


if __name__ == "__main__":
    main()

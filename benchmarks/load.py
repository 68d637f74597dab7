"""Throughput, latency and Lighthouse scores of the demo site under gunicorn, production settings.

    .venv/bin/python -m benchmarks.load                  # the full run (about 6 minutes)
    .venv/bin/python -m benchmarks.load --quick          # 3-second loads, one Lighthouse run
    .venv/bin/python -m benchmarks.load --skip-lighthouse

What it does, all on 127.0.0.1 and bounded in time:

1. builds a throwaway copy of the demo site (SQLite file, media and collected static
   files in a temporary folder; or ``--database-url``), so the project's own data is
   untouched;
2. serves it with gunicorn (``--workers``, 2 by default) under ``benchmarks.settings``:
   ``cms.settings.production`` with a generated secret key, HTTPS redirection off (plain
   HTTP on loopback), and a URLconf that adds ``/_trivial/`` (the cheapest Django
   response through the same middleware: the ceiling);
3. drives each URL with wrk (``--connections``, 16 by default, for ``--duration``
   seconds after a short warm-up) in four modes (``MODES``): ``page cache`` (whole
   pages and fragments in Redis at ``--redis-url``, flushed first: what anonymous
   visitors get), ``fragments`` (page cache off, page fragments in Redis: what a
   logged-in reader or any request the page cache cannot serve gets), ``nothing``
   (neither cache, as for every visit while Redis is down and the first visit after a
   publish: the page is built from the database, where its stored parts are,
   cms/stored_parts.py) and ``no parts`` (no stored parts either: every part rendered,
   as for the first visit after the page itself or something it shows changed, or a
   preview); ``X-Page-Cache`` is checked before each run, so a ``page cache`` row is
   made of cache hits (search is never cached, by design);
4. runs Lighthouse 12 (``npm ci --prefix benchmarks`` installs it when missing) with
   Debian's Chromium, ``--lighthouse-runs`` times per page, and prints the median of
   each category; audits scoring below 1 are listed in benchmarks/out/lighthouse-audits.txt;
5. with the page cache on, compares the cached treatment page with the trivial view in
   ``--rounds`` alternating pairs of runs and prints each pair's ratio and the median,
   since the trivial view's own throughput drifts from one run to the next.

Needs: the project's virtualenv, wrk (``apt-get install wrk``), Redis on 127.0.0.1 for the
cached rows, and for Lighthouse Node.js and Chromium (``apt-get install chromium``).
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks.servers import DemoSite

PROJECT = Path(__file__).resolve().parent.parent
BENCHMARKS = PROJECT / "benchmarks"
RESULTS = BENCHMARKS / "out"
LIGHTHOUSE = BENCHMARKS / "node_modules" / "lighthouse" / "cli" / "index.js"

PAGES = {
    "trivial view": "/_trivial/",
    "home": "/",
    "treatment": "/treatments/botox-for-chronic-migraine/",
    "article index": "/articles/",
    "article": "/articles/botox-for-chronic-migraine-what-to-expect/",
    "search": "/search/?q=botox",
}
LOAD_PAGES = ["trivial view", "home", "treatment", "article index", "search"]
PAGE_CACHE, FRAGMENTS, NOTHING, NO_PARTS = "page cache", "fragments", "nothing", "no parts"
MODES = {
    PAGE_CACHE: {"PAGE_CACHE_ENABLED": "1", "FRAGMENT_CACHE_ENABLED": "1"},
    FRAGMENTS: {"PAGE_CACHE_ENABLED": "0", "FRAGMENT_CACHE_ENABLED": "1"},
    NOTHING: {"PAGE_CACHE_ENABLED": "0", "FRAGMENT_CACHE_ENABLED": "0"},
    NO_PARTS: {"PAGE_CACHE_ENABLED": "0", "FRAGMENT_CACHE_ENABLED": "0", "STORED_PARTS_ENABLED": "0"},
}
LIGHTHOUSE_PAGES = ["home", "treatment", "article", "search"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync --disable-extensions"
)
LIGHTHOUSE_SECONDS = 180
LIGHTHOUSE_ATTEMPTS = 2


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per row (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured load first (default 2)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="paired runs of the cached treatment page and trivial view (default 5)",
    )
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--quick", action="store_true", help="3-second loads and one Lighthouse run")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13", help="cache for the cached rows")
    parser.add_argument("--database-url", help="a database to fill instead of a throwaway SQLite file")
    parser.add_argument("--chrome-path", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    args = parser.parse_args()
    if args.quick:
        args.duration, args.warmup, args.lighthouse_runs, args.rounds = 3, 1, 1, 1
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")

    RESULTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="clinic-load-") as folder:
        site = DemoSite(folder, args.database_url)
        print(f"Demo site built in {site.build():.0f}s", flush=True)
        rows = []
        for mode in MODES:
            with serve(site, args, mode) as base_url:
                rows += measure_load(base_url, mode, args)
                if mode == PAGE_CACHE:
                    ratios = compare_cached_with_trivial(base_url, args)
                    if not args.skip_lighthouse:
                        scores = run_lighthouse(base_url, args)
    print_load_table(rows, ratios)
    result = {
        "load": rows,
        "cached_treatment_to_trivial": ratios,
        "settings": {k: v for k, v in vars(args).items() if k != "database_url"},
    }
    if not args.skip_lighthouse:
        print_lighthouse_table(scores)
        result["lighthouse"] = scores
    (RESULTS / "load.json").write_text(json.dumps(result, indent=2))
    print(f"\nResults saved to {RESULTS / 'load.json'}")


@contextlib.contextmanager
def serve(site, args, mode):
    """gunicorn serving ``site`` with the caches ``mode`` names (in Redis); stopped on exit."""
    environment = dict(MODES[mode])
    if mode not in (NOTHING, NO_PARTS):
        environment["REDIS_URL"] = args.redis_url
        flush_redis(args.redis_url)
    log_path = RESULTS / f"gunicorn-{mode.replace(' ', '-')}.log"
    with site.serve(log_path, workers=args.workers, **environment) as base_url:
        yield base_url


def flush_redis(url):
    import redis

    try:
        redis.Redis.from_url(url).flushdb()
    except redis.RedisError as error:
        raise SystemExit(
            f"Redis at {url} is needed for the cached rows ({error}); see --redis-url."
        ) from error


def page_cache_status(url):
    """GET ``url`` twice; the second answer's X-Page-Cache header (hit, miss, bypass) and status."""
    for _ in range(2):
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback URL built here)
            status, cache = response.status, response.headers.get("X-Page-Cache", "-")
    return status, cache


def measure_load(base_url, mode, args):
    rows = []
    for name in LOAD_PAGES:
        url = base_url + PAGES[name]
        status, cache = page_cache_status(url)
        expected = "hit" if mode == PAGE_CACHE and name not in ("trivial view", "search") else "bypass"
        if status != 200 or cache != expected:
            raise SystemExit(
                f"{name} ({mode}): status {status}, X-Page-Cache {cache}, expected 200 and {expected}"
            )
        wrk(url, args, args.warmup)
        stats = wrk(url, args, args.duration)
        rows.append({"page": name, "mode": mode, "x_page_cache": cache, **stats})
        print(
            f"  {name:<14} {mode:<10} {stats['rps']:>8.0f} req/s  p50 {stats['p50_ms']:6.1f} ms  "
            f"p99 {stats['p99_ms']:6.1f} ms  ({cache})",
            flush=True,
        )
    return rows


def compare_cached_with_trivial(base_url, args):
    """Cached treatment page req/s over the trivial view's, from ``--rounds`` back-to-back pairs of runs."""
    ratios = []
    for _ in range(args.rounds):
        trivial, treatment = (
            wrk(base_url + PAGES[name], args, args.duration)["rps"] for name in ("trivial view", "treatment")
        )
        ratios.append(round(treatment / trivial, 3))
        print(
            f"  pair: trivial view {trivial:.0f} req/s, cached treatment {treatment:.0f} req/s "
            f"({ratios[-1]:.0%})",
            flush=True,
        )
    return ratios


def wrk(url, args, seconds, script=None):
    """Requests per second, p50 and p99 latency (ms) and non-2xx count from one bounded wrk run.

    ``script``: a wrk Lua script's path, to shape each request (benchmarks/random_parameter.lua).
    """
    command = ["wrk", "--latency", "-t", "2", "-c", str(args.connections), "-d", f"{seconds}s", url]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency_ms(output, "50%"),
        "p99_ms": latency_ms(output, "99%"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def latency_ms(output, percentile):
    value, unit = re.search(rf"^\s*{percentile}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_lighthouse(base_url, args):
    """Median score (0-100) per page and category over ``--lighthouse-runs`` runs."""
    if not LIGHTHOUSE.exists():
        subprocess.run(
            ["npm", "ci", "--prefix", str(BENCHMARKS), "--no-audit", "--no-fund"], check=True, timeout=600
        )
    env = {**os.environ, "CHROME_PATH": args.chrome_path}
    scores, audits = {}, []
    for name in LIGHTHOUSE_PAGES:
        runs = []
        for run in range(args.lighthouse_runs):
            report_path = RESULTS / f"lighthouse-{name.replace(' ', '-')}-{run + 1}.json"
            command = [
                "node", LIGHTHOUSE, base_url + PAGES[name], "--quiet", "--output=json",
                f"--output-path={report_path}", f"--chrome-flags={CHROME_FLAGS}",
                f"--only-categories={','.join(CATEGORIES)}",
            ]  # fmt: skip
            report = lighthouse_report(command, report_path, env)
            runs.append({category: report["categories"][category]["score"] * 100 for category in CATEGORIES})
            audits += failing_audits(name, report)
        scores[name] = {category: statistics.median(run[category] for run in runs) for category in CATEGORIES}
        print(
            f"  Lighthouse {name:<10} " + "  ".join(f"{c} {scores[name][c]:.0f}" for c in CATEGORIES),
            flush=True,
        )
    (RESULTS / "lighthouse-audits.txt").write_text("\n".join(sorted(set(audits))) + "\n")
    return scores


def lighthouse_report(command, report_path, env):
    """The JSON report of one Lighthouse run, tried again once if Chromium fails (it occasionally does)."""
    for attempt in range(1, LIGHTHOUSE_ATTEMPTS + 1):
        completed = subprocess.run(
            command, env=env, timeout=LIGHTHOUSE_SECONDS, capture_output=True, text=True, check=False
        )
        if completed.returncode == 0:
            return json.loads(report_path.read_text())
        reason = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"  Lighthouse attempt {attempt} failed: {reason}", flush=True)
    raise SystemExit(f"Lighthouse failed {LIGHTHOUSE_ATTEMPTS} times for {command[2]}.")


def failing_audits(page, report):
    """'page  category  audit id  score  title' for each scored audit below 1 in ``report``."""
    lines = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lines.append(f"{page}\t{category}\t{audit['id']}\t{audit['score']}\t{audit['title']}")
    return lines


def print_load_table(rows, ratios):
    print(f"\n{'page':<14} {'mode':<10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  X-Page-Cache  non-2xx")
    for row in rows:
        print(
            f"{row['page']:<14} {row['mode']:<10} {row['rps']:>8.0f} {row['p50_ms']:>8.1f} "
            f"{row['p99_ms']:>8.1f}  {row['x_page_cache']:<12}  {row['errors']}"
        )
    rps = {(row["page"], row["mode"]): row["rps"] for row in rows}
    # With the page cache on, every anonymous GET (the trivial view's too) asks Redis
    # first; the trivial view's best row is the stricter ceiling.
    best_trivial = max(rps[("trivial view", mode)] for mode in MODES)
    print(
        f"\nCached treatment page: {statistics.median(ratios):.0%} of the trivial view's throughput, "
        f"median of {len(ratios)} paired runs ({', '.join(f'{ratio:.0%}' for ratio in ratios)}); "
        f"{rps[('treatment', PAGE_CACHE)] / best_trivial:.0%} of the trivial view's best row "
        "(target: at least 80%)"
    )
    print(
        f"Treatment page not from the page cache: {rps[('treatment', FRAGMENTS)]:.0f} req/s with its "
        f"fragments reused, {rps[('treatment', NOTHING)]:.0f} req/s with nothing cached, "
        f"{rps[('treatment', NO_PARTS)]:.0f} req/s with no stored parts either (target: at least 150)"
    )


def print_lighthouse_table(scores):
    print(f"\nLighthouse (median) {'':<1}" + "".join(f"{category:>16}" for category in CATEGORIES))
    for page, by_category in scores.items():
        print(f"{page:<20} " + "".join(f"{by_category[category]:>16.0f}" for category in CATEGORIES))


if __name__ == "__main__":
    sys.exit(main())

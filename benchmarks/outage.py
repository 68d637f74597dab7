"""The treatment page under load before, during and after a Redis outage, and with random parameters.

    .venv/bin/python -m benchmarks.outage            # 10-second loads (about 2 minutes)
    .venv/bin/python -m benchmarks.outage --quick    # 3-second loads

Serves a throwaway demo site with gunicorn (production settings, page cache and
fragments on) backed by its own redis-server on a free loopback port, and drives the
treatment page with wrk in turn:

1. Redis up, the page cached;
2. Redis killed (connections refused);
3. Redis paused with SIGSTOP (connections accepted, never answered);
4. Redis started again, once the breaker's pause (``REDIS_RETRY_AFTER``) is over;
5. Redis up, every request with a new random parameter no page reads (``?x=…``).

Prints req/s, p50 and p99 latency and the count of non-2xx answers for each.
Needs: the project's virtualenv, wrk and redis-server (``apt-get install wrk redis-server``).
"""

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.load import RESULTS, wrk
from benchmarks.servers import DemoSite, RedisServer

TREATMENT = "/treatments/botox-for-chronic-migraine/"
RANDOM_PARAMETER = Path(__file__).resolve().parent / "random_parameter.lua"
RETRY_AFTER_SECONDS = 2


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per phase (default 10)")
    parser.add_argument("--quick", action="store_true", help="3-second loads")
    args = parser.parse_args()
    if args.quick:
        args.duration = 3
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed: apt-get install {tool}")

    RESULTS.mkdir(exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="clinic-outage-") as folder, RedisServer() as redis:
        site = DemoSite(folder)
        print(f"Demo site built in {site.build():.0f}s", flush=True)
        environment = {
            "REDIS_URL": redis.url,
            "REDIS_RETRY_AFTER": str(RETRY_AFTER_SECONDS),
            "PAGE_CACHE_ENABLED": "1",
            "FRAGMENT_CACHE_ENABLED": "1",
        }
        with site.serve(RESULTS / "gunicorn-outage.log", workers=args.workers, **environment) as base_url:
            url = base_url + TREATMENT

            def measure(phase, script=None):
                wrk(url, args, 1, script)  # warm-up, unmeasured
                row = {"phase": phase, **wrk(url, args, args.duration, script)}
                rows.append(row)
                print_row(row)

            measure("Redis up, page cached")
            redis.kill()
            measure("Redis killed")
            redis.start()
            redis.pause()
            measure("Redis paused (hangs)")
            redis.resume()
            time.sleep(RETRY_AFTER_SECONDS + 1)
            measure("Redis back")
            measure("random unknown parameter", RANDOM_PARAMETER)
            used_memory = redis_memory(redis)
    print(f"\nRedis memory after the random-parameter run: {used_memory / 1e6:.1f} MB")
    (RESULTS / "outage.json").write_text(json.dumps({"rows": rows, "redis_bytes": used_memory}, indent=2))
    print(f"Results saved to {RESULTS / 'outage.json'}")


def redis_memory(redis_server):
    import redis

    client = redis.Redis(host="127.0.0.1", port=redis_server.port)
    try:
        return client.info("memory")["used_memory"]
    finally:
        client.close()


def print_row(row):
    print(
        f"  {row['phase']:<26} {row['rps']:>8.0f} req/s  p50 {row['p50_ms']:7.1f} ms  "
        f"p99 {row['p99_ms']:7.1f} ms  non-2xx {row['errors']}",
        flush=True,
    )


if __name__ == "__main__":
    main()

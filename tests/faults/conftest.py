"""Fault tests: the demo site under gunicorn and production settings, with parts that break for real.

The site is built once per session in a throwaway folder (``benchmarks.servers.DemoSite``);
each test starts its own gunicorn and, where it needs one, its own ``redis-server`` on a
free loopback port, and breaks it (kill, pause, dropped connections) while requests run.
"""

import http.client
import shutil
import threading
import time
import urllib.parse
from dataclasses import dataclass

import pytest

from benchmarks.servers import DemoSite, RedisServer

TREATMENT = "/treatments/botox-for-chronic-migraine/"
ARTICLE = "/articles/botox-for-chronic-migraine-what-to-expect/"
STATIC_FILE = "/static/css/site.css"
# Wait this long after a failure before trying Redis again (production's default is longer).
RETRY_AFTER_SECONDS = 1


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    site = DemoSite(tmp_path_factory.mktemp("fault-site"))
    site.build()
    return site


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with RedisServer() as server:
        yield server


@dataclass
class Answer:
    status: int
    headers: dict
    body: str
    seconds: float


class Visitor:
    """An anonymous visitor of the served site: plain HTTP requests, statuses and timings recorded."""

    def __init__(self, base_url, log_path):
        self.base_url = base_url
        self.log_path = log_path

    def get(self, path, timeout=30):
        parts = urllib.parse.urlsplit(self.base_url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read().decode("utf-8", "replace")
            return Answer(response.status, dict(response.getheaders()), body, time.perf_counter() - started)
        finally:
            connection.close()

    def log(self):
        return self.log_path.read_text()

    def keep_visiting(self, paths, seconds, threads=4):
        """Request ``paths`` in turn from ``threads`` threads for ``seconds``; every (path, Answer)."""
        answers, lock = [], threading.Lock()
        deadline = time.monotonic() + seconds

        def visit():
            while time.monotonic() < deadline:
                for path in paths:
                    answer = self.get(path)
                    with lock:
                        answers.append((path, answer))

        workers = [threading.Thread(target=visit) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=seconds + 60)
        return answers


@pytest.fixture
def serve(demo_site, tmp_path):
    """Start gunicorn (2 workers, page cache and fragments on) with extra environment; a ``Visitor``."""
    servers = []

    def start(**environment):
        log_path = tmp_path / f"gunicorn-{len(servers)}.log"
        server = demo_site.serve(
            log_path,
            PAGE_CACHE_ENABLED="1",
            FRAGMENT_CACHE_ENABLED="1",
            REDIS_RETRY_AFTER=str(RETRY_AFTER_SECONDS),
            **environment,
        )
        servers.append(server)
        return Visitor(server.__enter__(), log_path)

    yield start
    for server in reversed(servers):
        server.__exit__(None, None, None)


def cached(visitor, path):
    """Ask for ``path`` until the page cache serves it (a hit from each worker is not guaranteed)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        answer = visitor.get(path)
        if answer.headers.get("X-Page-Cache") == "hit":
            return answer
        time.sleep(0.05)
    raise AssertionError(f"{path} was never served from the page cache")


def on_page(demo_site, path, statement):
    """Run a Python ``statement`` on the page at ``path``, named ``page``, in the site's own manage.py shell.

    ``page.unpublish()`` and ``page.get_latest_revision().publish()`` do what the admin does,
    signals and all; ``Page.objects.filter(pk=page.pk).update(...)`` changes it behind Wagtail's back.
    """
    slug = path.strip("/").split("/")[-1]
    code = f"from wagtail.models import Page; page = Page.objects.get(slug={slug!r}); {statement}"
    demo_site.manage("shell", "-c", code)

"""Browser tests: Playwright drives Debian's Chromium against the site served on 127.0.0.1.

One Chromium runs for the whole folder; every test gets a fresh browser context
(cookies, storage) and a live server backed by a transactional test database,
so the server thread sees what the test writes. Without Chromium at
``CHROMIUM_PATH`` (default /usr/bin/chromium) every test here is skipped.
"""

import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from tests.e2e.content import build_public_site
from tests.e2e.server import serialise_requests

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SKIP_REASON = f"Chromium not installed at {CHROMIUM}; install Debian's chromium to run browser tests"
# Headless and quiet: without the background-networking flags Chromium dials out to
# Google's services, and on a closed network its own connections are then refused.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)

# pytest-django's live_server listens on this address ("localhost" otherwise).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


def pytest_collection_modifyitems(items):
    """Skip this folder's tests, before any fixture runs, when there is no Chromium to drive."""
    if CHROMIUM.exists():
        return
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for every test in this folder, closed when the folder is done."""
    test_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio event loop running in this thread, which
        # changes two things for Django, for exactly as long as the browser runs:
        # - it refuses ORM calls from a thread with a running loop; the tests' ORM calls
        #   are ordinary synchronous ones (the loop only drives the browser), so the
        #   check is lifted;
        # - its per-thread connections become per-context ones, so this thread would
        #   open new connections that lack the test database's state (the in-memory
        #   SQLite connection the live server shares, the data saved for serialized
        #   rollback); the test's own connections are put back.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, connection in test_connections.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live_requests(live_server):
    """The live server's requests, one at a time.

    Build data before the browser starts; mid-test, ``wait_until_idle()`` before touching the database.
    """
    return serialise_requests(live_server)


@pytest.fixture
def context(browser, live_server, live_requests):
    """A fresh browser profile whose relative URLs point at the live server.

    Closed, and the server's last requests let finish, before the database is flushed.
    """
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()
    live_requests.wait_until_idle()


@pytest.fixture
def console_errors():
    """Console errors and uncaught exceptions of the ``page`` (CSP violations arrive as errors)."""
    return []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(request, context, console_errors, tmp_path):
    """A browser tab; when the test fails, a screenshot of it is saved and its path printed."""
    page = context.new_page()

    def record_console_error(message):
        if message.type == "error":
            console_errors.append(f"{page.url}: {message.text}")

    page.on("console", record_console_error)
    page.on("pageerror", lambda error: console_errors.append(f"{page.url}: uncaught {error}"))
    yield page
    if getattr(request.node, "report_call", None) and request.node.report_call.failed:
        screenshot = tmp_path / "failure.png"
        page.screenshot(path=screenshot, full_page=True)
        print(f"Screenshot of the failing page ({page.url}): {screenshot}")


@pytest.fixture(autouse=True)
def site_caches(settings):
    """The page cache and page fragments on, as in production, each test starting and ending with them empty.

    The server shares the cache with the tests, across tests; the test settings keep both off.
    Image renditions are cached there too, and a later test's image may get the same id.
    """
    settings.PAGE_CACHE_ENABLED = True
    settings.FRAGMENT_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public_site(home_page, clinic_settings, treatment_index):
    """A small, complete public site; see ``tests.e2e.content``."""
    return build_public_site(home_page, treatment_index)

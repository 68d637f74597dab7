"""Redis fails under a running site: pages keep coming, fast, and no purge is lost."""

import time

from tests.faults.conftest import ARTICLE, RETRY_AFTER_SECONDS, STATIC_FILE, TREATMENT, cached, on_page

PAGES = ["/", TREATMENT, "/treatments/", ARTICLE, "/articles/", "/search/?q=botox", STATIC_FILE]


def assert_no_server_errors(answers):
    failed = [(path, answer.status) for path, answer in answers if answer.status >= 500]
    assert not failed, failed
    assert answers, "no request was made"


def test_pages_are_served_uncached_while_redis_is_down_and_cached_again_after(serve, redis_server):
    """Redis killed: every page still answers 200, a warning is logged, and caching resumes after."""
    visitor = serve(REDIS_URL=redis_server.url)
    cached(visitor, TREATMENT)

    redis_server.kill()
    answers = visitor.keep_visiting(PAGES, seconds=3)

    assert_no_server_errors(answers)
    assert {answer.status for _path, answer in answers} == {200}
    assert "The Redis cache is unreachable" in visitor.log()

    redis_server.start()
    time.sleep(RETRY_AFTER_SECONDS + 0.5)
    assert cached(visitor, TREATMENT).status == 200


def test_a_hung_redis_costs_each_request_under_a_second(serve, redis_server):
    """Redis paused (SIGSTOP: it accepts connections and never answers): no request waits a second."""
    visitor = serve(REDIS_URL=redis_server.url)
    for path in PAGES:
        visitor.get(path)

    redis_server.pause()
    try:
        # As many visitors as workers, so a request's time is its own, not a queue's.
        answers = visitor.keep_visiting(PAGES, seconds=5, threads=2)
    finally:
        redis_server.resume()

    assert_no_server_errors(answers)
    slowest = max(answers, key=lambda pair: pair[1].seconds)
    assert slowest[1].seconds < 1, f"{slowest[0]} took {slowest[1].seconds:.2f}s"


def test_dropped_connections_are_no_errors(serve, redis_server):
    """Redis closing every client connection again and again while requests run: never a 5xx."""
    visitor = serve(REDIS_URL=redis_server.url)
    answers = []
    for _ in range(5):
        redis_server.drop_connections()
        answers += visitor.keep_visiting(PAGES, seconds=0.5, threads=2)

    assert_no_server_errors(answers)


def test_a_page_unpublished_while_redis_hangs_is_never_served_after(serve, redis_server, demo_site):
    """The purge is in the database: a page cached before a Redis outage and unpublished during it
    is gone once Redis answers again, although Redis still holds the old copy."""
    visitor = serve(REDIS_URL=redis_server.url)
    cached(visitor, ARTICLE)

    redis_server.pause()
    try:
        on_page(demo_site, ARTICLE, "page.unpublish()")
    finally:
        redis_server.resume()
    time.sleep(RETRY_AFTER_SECONDS + 0.5)

    try:
        statuses = {visitor.get(ARTICLE).status for _ in range(20)}
        assert statuses == {404}
    finally:
        on_page(demo_site, ARTICLE, "page.get_latest_revision().publish()")

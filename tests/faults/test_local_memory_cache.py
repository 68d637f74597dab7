"""Production without Redis: each gunicorn worker has its own page cache, and every purge reaches them all."""

import datetime

from tests.faults.conftest import ARTICLE, TREATMENT, cached, on_page

VISITS = 20
REPUBLISH = "page.get_latest_revision().publish()"


def warm_every_worker(visitor, path):
    """Enough visits that each of the two workers has stored and served the page."""
    cached(visitor, path)
    for _ in range(VISITS):
        visitor.get(path)


def test_unpublishing_reaches_every_worker(serve, demo_site):
    """Unpublished while both workers hold the page in local memory: no request gets it after."""
    visitor = serve()
    warm_every_worker(visitor, ARTICLE)

    on_page(demo_site, ARTICLE, "page.unpublish()")
    try:
        assert {visitor.get(ARTICLE).status for _ in range(VISITS)} == {404}
    finally:
        on_page(demo_site, ARTICLE, REPUBLISH)


def test_scheduled_expiry_reaches_every_worker(serve, demo_site):
    """A page whose expiry time has passed is gone from every worker once publish_scheduled has run."""
    visitor = serve()
    warm_every_worker(visitor, ARTICLE)
    past = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)
    on_page(demo_site, ARTICLE, f"Page.objects.filter(pk=page.pk).update(expire_at={past.isoformat()!r})")

    demo_site.manage("publish_scheduled")
    try:
        assert {visitor.get(ARTICLE).status for _ in range(VISITS)} == {404}
    finally:
        on_page(demo_site, ARTICLE, f"Page.objects.filter(pk=page.pk).update(expire_at=None); {REPUBLISH}")


def test_the_purge_command_reaches_every_worker(serve, demo_site):
    """A change made behind Wagtail's back (no signal) shows on every worker after purge_page_cache."""
    visitor = serve()
    warm_every_worker(visitor, TREATMENT)
    new_title = "Botox treatment for chronic migraine"
    on_page(demo_site, TREATMENT, f"Page.objects.filter(pk=page.pk).update(title={new_title!r})")

    demo_site.manage("purge_page_cache")
    try:
        assert all(new_title in visitor.get(TREATMENT).body for _ in range(VISITS))
    finally:
        old_title = "Botox for chronic migraine"
        on_page(demo_site, TREATMENT, f"Page.objects.filter(pk=page.pk).update(title={old_title!r})")

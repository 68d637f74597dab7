"""The full-page cache: what is cached, what never is, and what purges it."""

import datetime
import io
import os
import runpy
import shutil

import csp.middleware
import pytest
from csp.constants import NONCE
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import PageViewRestriction

from benchmarks.servers import RedisServer
from cms.cache import HEADER, purge_page_cache
from cms.models import ContentGeneration
from cms.settings import base as base_settings
from tests.factories import TreatmentIndexPageFactory, TreatmentPageFactory, publish_signed_off
from treatments.models import Condition, TreatmentPage


@pytest.fixture(autouse=True)
def page_cache(settings, empty_cache):
    """The page cache on (test settings keep it off), starting empty."""
    settings.PAGE_CACHE_ENABLED = True


def cache_status(response):
    return response[HEADER]


@pytest.mark.parametrize("page_fixture", ["home_page", "treatment"])
def test_repeat_anonymous_visit_runs_one_query(
    client, request, clinic_settings, page_fixture, django_assert_num_queries
):
    """The second anonymous GET of a page is served from the cache after one query: the content generation."""
    page = request.getfixturevalue(page_fixture)
    first = client.get(page.url)
    assert first.status_code == 200
    assert cache_status(first) == "miss"

    with django_assert_num_queries(1):
        second = client.get(page.url)

    assert cache_status(second) == "hit"
    assert second.status_code == 200
    assert second.content == first.content


def test_cache_hit_keeps_the_response_headers(client, treatment):
    """A hit carries the same content type and security headers as the rendered page."""
    first = client.get(treatment.url)
    second = client.get(treatment.url)
    assert cache_status(second) == "hit"
    for header in ("Content-Type", "Content-Security-Policy", "X-Content-Type-Options"):
        assert second[header] == first[header]


def test_cache_hit_serves_the_stored_policy_without_building_it(client, treatment, monkeypatch):
    """The CSP middleware sits inside the page cache: a hit carries the policy stored with the page."""
    client.get(treatment.url)
    built = []
    build_policy = csp.middleware.build_policy

    def counted_build_policy(**parts):
        built.append(parts)
        return build_policy(**parts)

    monkeypatch.setattr(csp.middleware, "build_policy", counted_build_policy)
    hit = client.get(treatment.url)
    assert cache_status(hit) == "hit"
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert built == []


def test_a_page_that_used_a_csp_nonce_is_never_stored(client, treatment, monkeypatch, settings):
    """A nonce must be new for every response, so a page whose rendering asked for one is not cached."""
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**directives, "script-src": ["'self'", NONCE]}}
    get_context = TreatmentPage.get_context

    def get_context_with_nonce(page, request, *args, **kwargs):
        return {**get_context(page, request, *args, **kwargs), "nonce": str(request.csp_nonce)}

    monkeypatch.setattr(TreatmentPage, "get_context", get_context_with_nonce)
    first, second = client.get(treatment.url), client.get(treatment.url)
    assert cache_status(first) == cache_status(second) == "bypass"
    assert "'nonce-" in second["Content-Security-Policy"]
    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]


def test_query_strings_are_cached_separately(client, treatment_index, treatment):
    """A filtered listing is its own cache entry, never the unfiltered page."""
    client.get(treatment_index.url)
    filtered = client.get(treatment_index.url, {"category": "aesthetic"})
    assert cache_status(filtered) == "miss"
    assert treatment.title not in filtered.content.decode()


@pytest.mark.parametrize("tracking", [{"utm_source": "news", "utm_campaign": "spring"}, {"fbclid": "IwAR0x"}])
def test_tracking_parameters_share_the_page_s_entry(client, treatment, tracking):
    """A link carrying analytics parameters is served the page cached without them."""
    first = client.get(treatment.url)

    tracked = client.get(treatment.url, tracking)

    assert cache_status(tracked) == "hit"
    assert tracked.content == first.content


def test_other_parameters_keep_their_own_entry_beside_tracking_ones(client, treatment_index, treatment):
    """Tracking parameters are dropped from the key, not the parameters that change a listing."""
    client.get(treatment_index.url, {"utm_source": "newsletter"})

    filtered = client.get(treatment_index.url, {"category": "aesthetic", "utm_source": "newsletter"})

    assert cache_status(filtered) == "miss"
    assert treatment.title not in filtered.content.decode()


def test_a_tracked_visit_leaves_its_campaign_out_of_the_stored_page(client, treatment_index, treatment):
    """The listing stored for a ``?utm_source=`` link is served to all: its filter links carry no campaign."""
    tracked = client.get(treatment_index.url, {"utm_source": "newsletter"}).content.decode()

    assert "?category=" in tracked  # the filter links are there
    assert "utm_source" not in tracked
    assert cache_status(client.get(treatment_index.url)) == "hit"


def test_unknown_parameters_share_the_page_s_entry(client, treatment_index, treatment):
    """A random cache-buster on every request is served from the page's one entry, rendered once."""
    first = client.get(treatment_index.url)

    busted = [client.get(treatment_index.url, {"x": f"{n}", "_": f"buster-{n}"}) for n in range(5)]

    assert {cache_status(response) for response in busted} == {"hit"}
    assert all(response.content == first.content for response in busted)


def test_the_same_parameters_in_another_order_share_an_entry(client, treatment_index, treatment):
    """``?category=…&condition=…`` and ``?condition=…&category=…`` are one page and one entry."""
    treatment.conditions.add(Condition.objects.create(name="Chronic migraine", slug="chronic-migraine"))
    client.get(f"{treatment_index.url}?category=medical&condition=chronic-migraine")

    swapped = client.get(f"{treatment_index.url}?condition=chronic-migraine&category=medical")

    assert cache_status(swapped) == "hit"


def test_a_page_is_shown_only_the_parameters_it_reads(client, settings, treatment_index, treatment):
    """Uncached too, a page never sees other parameters: its filter links keep the filter, drop the rest."""
    settings.PAGE_CACHE_ENABLED = False

    query = {"category": "medical", "x": "junk", "fbclid": "IwAR"}
    html = client.get(treatment_index.url, query).content.decode()

    assert "category=medical" in html
    assert "junk" not in html
    assert "IwAR" not in html


def test_the_content_generation_row_is_made_again_if_missing(client, treatment):
    """A database whose row was deleted (a flush, say) gets a new token, and purges keep working."""
    client.get(treatment.url)
    ContentGeneration.objects.all().delete()

    assert cache_status(client.get(treatment.url)) == "miss"
    assert cache_status(client.get(treatment.url)) == "hit"
    purge_page_cache()
    assert cache_status(client.get(treatment.url)) == "miss"


def test_a_purge_rolled_back_with_its_change_purges_nothing(client, treatment):
    """The purge is written in the change's transaction: a failed publish leaves cached pages served."""
    client.get(treatment.url)

    with pytest.raises(RuntimeError), transaction.atomic():
        purge_page_cache()
        raise RuntimeError("the publish failed")

    assert cache_status(client.get(treatment.url)) == "hit"


def test_a_purge_holds_whatever_the_cache_is_doing(client, treatment, monkeypatch):
    """With every cache write lost (as when Redis is away), a purge still retires the stored pages."""
    client.get(treatment.url)
    monkeypatch.setattr(cache, "set", lambda *args, **kwargs: False)

    purge_page_cache()

    assert cache_status(client.get(treatment.url)) == "miss"


def test_publishing_shows_at_once(client, treatment, publish):
    """After a page is published with a new title, the next anonymous visit shows it."""
    assert "Botox for chronic migraine" in client.get(treatment.url).content.decode()

    def retitle():
        treatment.title = "Botox injections for chronic migraine"
        publish_signed_off(treatment)

    publish(retitle)
    response = client.get(treatment.url)
    assert cache_status(response) == "miss"
    assert "Botox injections for chronic migraine" in response.content.decode()


def test_publishing_one_page_refreshes_the_pages_that_list_it(client, treatment_index, treatment, publish):
    """The treatment listing, cached before a new treatment is published, shows it afterwards."""
    client.get(treatment_index.url)
    publish(lambda: TreatmentPageFactory(parent=treatment_index, title="Vitamin B12 injections"))
    assert "Vitamin B12 injections" in client.get(treatment_index.url).content.decode()


def test_unpublishing_shows_at_once(client, treatment, publish):
    """An unpublished page is gone for visitors straight away, not served from the cache."""
    client.get(treatment.url)
    publish(treatment.unpublish)
    assert client.get(treatment.url).status_code == 404


def test_moving_shows_at_once(client, home_page, treatment, publish):
    """A moved page answers at its new address; its old one redirects there instead of the cached copy."""
    old_url = treatment.url
    client.get(old_url)
    other_index = TreatmentIndexPageFactory(parent=home_page, title="More treatments", slug="more")
    publish(lambda: treatment.move(other_index, pos="last-child"))
    treatment.refresh_from_db()
    assert client.get(old_url).headers.get("Location") == treatment.url
    assert client.get(treatment.url).status_code == 200


def test_deleting_shows_at_once(client, treatment, publish):
    """A deleted page stops being served at once."""
    url = treatment.url
    client.get(url)
    publish(treatment.delete)
    assert client.get(url).status_code == 404


def test_editing_clinic_details_shows_at_once(client, home_page, clinic_settings, publish):
    """Site settings appear on every page, so saving them purges the cache too."""
    client.get(home_page.url)

    def rename():
        clinic_settings.name = "Quayside Clinic"
        clinic_settings.save()

    publish(rename)
    assert "Quayside Clinic" in client.get(home_page.url).content.decode()


def test_a_review_falling_due_shows_the_next_day(client, treatment, monkeypatch):
    """A page cached while its review was current is not served once the review date has passed."""
    treatment.next_review_due = timezone.localdate() + datetime.timedelta(days=1)
    publish_signed_off(treatment)
    assert "Review due." not in client.get(treatment.url).content.decode()

    later = timezone.localdate() + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)

    assert "Review due." in client.get(treatment.url).content.decode()


def test_the_purge_command_forgets_pages_and_fragments(client, treatment, settings):
    """After a deploy, ``manage.py purge_page_cache`` makes pages and their fragments render afresh."""
    settings.FRAGMENT_CACHE_ENABLED = True
    client.get(treatment.url)
    # Changed behind the signals' back, as a new release's templates would render it differently.
    TreatmentPage.objects.filter(pk=treatment.pk).update(title="Renamed by the new release")
    assert cache_status(client.get(treatment.url)) == "hit"

    call_command("purge_page_cache", stdout=io.StringIO())

    response = client.get(treatment.url)
    assert cache_status(response) == "miss"
    assert response.content.decode().count("Renamed by the new release") >= 2  # <title> and <h1>


def test_making_a_page_private_stops_serving_the_cached_copy(client, treatment, publish):
    """A page given a password is never served from its earlier public cache entry."""
    client.get(treatment.url)
    publish(
        lambda: PageViewRestriction.objects.create(
            page=treatment, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-pass"
        )
    )
    response = client.get(treatment.url)
    assert cache_status(response) == "bypass"
    assert "password" in response.content.decode().lower()


def test_logged_in_users_are_never_served_or_stored(client, django_user_model, treatment):
    """Signed-in users (editors see the Wagtail user bar) always get a freshly rendered page."""
    client.get(treatment.url)
    editor = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw-not-used")
    client.force_login(editor)
    response = client.get(treatment.url)
    assert cache_status(response) == "bypass"
    assert b"wagtail-userbar" in response.content


def test_drafts_seen_by_editors_never_reach_visitors(client, django_user_model, treatment):
    """An editor viewing a draft stores nothing; visitors keep seeing the live page."""
    treatment.title = "Draft title not yet published"
    treatment.save_revision()
    editor = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw-not-used")
    client.force_login(editor)
    draft = client.get(f"/admin/pages/{treatment.pk}/view_draft/")
    assert "Draft title not yet published" in draft.content.decode()
    assert cache_status(draft) == "bypass"

    client.logout()
    client.cookies.clear()
    visitor_view = client.get(treatment.url)
    assert "Draft title not yet published" not in visitor_view.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/login/",  # the admin
        "/search/?q=migraine",  # search has its own Django view
        "/sitemap.xml",  # any view that is not a Wagtail page
        "/no-such-page/",  # 404s: a redirect added in the admin must work at once
    ],
)
def test_anything_but_a_page_is_never_cached(client, treatment, path):
    """Only Wagtail's page view is cached; asking twice never gives a hit."""
    client.get(path)
    assert cache_status(client.get(path)) == "bypass"


def test_posts_are_never_cached(client, treatment):
    """A POST is never answered from the cache, even for a cached page."""
    client.get(treatment.url)
    assert cache_status(client.post(treatment.url)) == "bypass"


def test_requests_with_credentials_are_never_cached(client, treatment):
    """A request with an Authorization header is treated as personal."""
    client.get(treatment.url)
    response = client.get(treatment.url, HTTP_AUTHORIZATION="Basic ZWRpdG9yOnB3")
    assert cache_status(response) == "bypass"


def test_purge_forgets_every_page(client, home_page, treatment):
    """After a purge, every page is rendered again on its next visit."""
    client.get(home_page.url)
    client.get(treatment.url)
    purge_page_cache()
    assert cache_status(client.get(home_page.url)) == "miss"
    assert cache_status(client.get(treatment.url)) == "miss"


def test_cache_can_be_switched_off(client, settings, treatment):
    """PAGE_CACHE_ENABLED=False renders every request."""
    settings.PAGE_CACHE_ENABLED = False
    client.get(treatment.url)
    assert cache_status(client.get(treatment.url)) == "bypass"


# Redis


def test_redis_url_selects_redis(monkeypatch):
    """With REDIS_URL set, the cache (and so the page cache) is Redis through django-redis."""
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    base = runpy.run_path(base_settings.__file__)
    assert base["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert base["CACHES"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/1"


@pytest.fixture
def redis_url():
    """REDIS_URL if set, else a throwaway redis-server on a free local port, else skip."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    if shutil.which("redis-server") is None:
        pytest.skip("no REDIS_URL and no redis-server installed")
    with RedisServer() as server:
        yield server.url


@pytest.fixture
def redis_cache(settings, redis_url):
    """Django's cache on that Redis for this test, emptied first; local memory again at the end."""
    local_memory = settings.CACHES
    settings.CACHES = {"default": base_settings.redis_cache(redis_url, base_settings.REDIS_TIMEOUT)}
    cache.clear()
    yield
    settings.CACHES = local_memory


def test_page_cache_works_on_redis(client, redis_cache, treatment, publish, django_assert_num_queries):
    """Through a real Redis: a repeat visit is a hit with one query, and publishing shows at once."""
    assert cache_status(client.get(treatment.url)) == "miss"
    with django_assert_num_queries(1):
        assert cache_status(client.get(treatment.url)) == "hit"

    def retitle():
        treatment.title = "Botox injections for chronic migraine"
        publish_signed_off(treatment)

    publish(retitle)
    assert "Botox injections for chronic migraine" in client.get(treatment.url).content.decode()

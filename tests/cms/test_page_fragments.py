"""Page fragments: what the page cache cannot serve reuses the parts of a page that are the same for everyone.

The full-page cache is off here, as it is for every logged-in visitor, so each request
goes through Django and the fragments are what is being tested.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.models import ClinicSettings
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ImageFactory,
    TreatmentPageFactory,
    publish_signed_off,
)
from treatments.models import TreatmentIndexPage

USER_BAR = b"wagtail-userbar"


@pytest.fixture(autouse=True)
def fragments(settings, empty_cache, tmp_path):
    """Fragments on (test settings keep them off), starting empty; images in a throwaway folder."""
    settings.FRAGMENT_CACHE_ENABLED = True
    settings.PAGE_CACHE_ENABLED = False
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", "pw-not-used")


def text(response):
    return response.content.decode()


def test_a_second_visit_reuses_the_fragments(client, treatment, django_assert_max_num_queries):
    """The repeat render is the same page, built with only the queries that find and check the page
    and read the content generation."""
    first = client.get(treatment.url)

    with django_assert_max_num_queries(9):
        second = client.get(treatment.url)

    assert second.status_code == 200
    assert second.content == first.content


def test_a_tracked_link_reuses_the_fragments(client, treatment, django_assert_max_num_queries):
    """Analytics parameters change nothing a page shows, so its fragments serve the tracked link too."""
    first = client.get(treatment.url)

    with django_assert_max_num_queries(9):
        tracked = client.get(treatment.url, {"utm_source": "newsletter", "gclid": "Cj0K"})

    assert tracked.content == first.content


def publish_article_naming(treatment):
    ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=treatment.get_parent().get_parent()),
        title="What a first migraine appointment is like",
        related_treatments=[treatment],
    ).save_revision().publish()


def rename_reviewer(treatment):
    treatment.reviewed_by.name = "Dr Imani Reyes"
    treatment.reviewed_by.save()


def rename_clinic(treatment):
    clinic = ClinicSettings.objects.get()
    clinic.name = "Quayside Clinic"
    clinic.save()


def retitle(treatment):
    treatment.title = "Botox for migraine that keeps coming back"
    publish_signed_off(treatment)


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (retitle, "Botox for migraine that keeps coming back"),
        (publish_article_naming, "What a first migraine appointment is like"),
        (rename_reviewer, "Dr Imani Reyes"),
        (rename_clinic, "Quayside Clinic"),
    ],
    ids=["page published", "article naming it published", "reviewer renamed", "clinic renamed"],
)
def test_changes_show_at_once(client, treatment, publish, change, shown):
    """Whatever purges the page cache also retires the fragments: the next render shows the change."""
    assert shown not in text(client.get(treatment.url))

    publish(lambda: change(treatment))

    assert shown in text(client.get(treatment.url))


def test_a_publish_while_a_page_loads_is_not_stored_as_current(
    client, treatment_index, treatment, publish, monkeypatch
):
    """Content read before a publish commits is kept under the content generation from before it."""
    read_categories = TreatmentIndexPage.categories_in_use

    def read_then_another_worker_publishes(index):
        categories = read_categories(index)
        monkeypatch.setattr(TreatmentIndexPage, "categories_in_use", read_categories)
        publish(
            lambda: TreatmentPageFactory(parent=treatment_index, title="Lip filler", category="aesthetic")
        )
        return categories

    monkeypatch.setattr(TreatmentIndexPage, "categories_in_use", read_then_another_worker_publishes)
    client.get(treatment_index.url)

    assert "category=aesthetic" in text(client.get(treatment_index.url))


def test_the_user_bar_never_enters_a_fragment(client, treatment, editor):
    """An editor's render stores fragments without the user bar; a visitor's does not hide it from editors."""
    client.force_login(editor)
    assert USER_BAR in client.get(treatment.url).content
    client.logout()

    assert USER_BAR not in client.get(treatment.url).content

    client.force_login(editor)
    assert USER_BAR in client.get(treatment.url).content


def test_a_draft_view_neither_uses_nor_stores_fragments(client, treatment, editor):
    """Viewing a draft shows the draft; the live page goes on showing the published title."""
    client.get(treatment.url)
    treatment.title = "Draft title not yet published"
    treatment.save_revision()
    client.force_login(editor)

    draft = client.get(f"/admin/pages/{treatment.pk}/view_draft/")

    assert "Draft title not yet published" in text(draft)
    assert "Draft title not yet published" not in text(client.get(treatment.url))


def test_a_second_visit_to_the_article_index_builds_no_cards(client, home_page, clinic_settings):
    """The cards are inside the body fragment: reusing it reads no article, tag or rendition."""
    articles = ArticleIndexPageFactory(parent=home_page)
    ArticlePageFactory(parent=articles, title="Peel aftercare", hero_image=ImageFactory(), tags=["skin"])
    first = client.get(articles.url)

    with CaptureQueriesContext(connection) as captured:
        second = client.get(articles.url)

    assert second.content == first.content
    card_tables = ("taggit_tag", "cms_rendition", 'articles_articlepage"."intro')
    assert not [query["sql"] for query in captured if any(table in query["sql"] for table in card_tables)]


def test_listings_with_a_query_or_a_sub_route_are_rendered_afresh(client, home_page, clinic_settings):
    """The article index stores its fragments; its later pages and tag listings are not served them."""
    articles = ArticleIndexPageFactory(parent=home_page, per_page=1)
    ArticlePageFactory(parent=articles, title="Peel aftercare", date=datetime.date(2026, 1, 5), tags=["skin"])
    ArticlePageFactory(parent=articles, title="Sleep tips", date=datetime.date(2026, 2, 6), tags=["rest"])
    assert "Sleep tips" in text(client.get(articles.url))

    second_page = text(client.get(articles.url, {"page": 2}))
    tag_listing = text(client.get(articles.url + "tags/skin/"))

    assert "Peel aftercare" in second_page
    assert "Sleep tips" not in second_page
    assert "Peel aftercare" in tag_listing
    assert "Sleep tips" not in tag_listing


def test_each_host_gets_its_own_absolute_urls(client, treatment):
    """Open Graph's image URL names the host asked for, even when another host's render was stored first."""
    treatment.social_image = ImageFactory()
    publish_signed_off(treatment)
    client.get(treatment.url, HTTP_HOST="localhost")

    head = BeautifulSoup(client.get(treatment.url, HTTP_HOST="127.0.0.1").content, "html.parser")

    assert head.find("meta", property="og:image")["content"].startswith("http://127.0.0.1/")


def test_a_review_falling_due_shows_the_next_day(client, treatment, monkeypatch):
    """A fragment stored while the review was current is not shown once the review date has passed."""
    treatment.next_review_due = timezone.localdate() + datetime.timedelta(days=1)
    publish_signed_off(treatment)
    assert "Review due." not in text(client.get(treatment.url))

    later = timezone.localdate() + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)

    assert "Review due." in text(client.get(treatment.url))


def test_a_page_s_other_templates_never_share_its_fragments(client, treatment, settings):
    """A password form drawn in the site's layout never shows the page a visitor with the password saw."""
    settings.WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "404.html"  # any template extending base.html
    restriction = PageViewRestriction.objects.create(
        page=treatment, restriction_type="password", password="s3cret"
    )
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, treatment.pk]),
        {"password": "s3cret", "return_url": treatment.url},
    )
    body_text = "Brief redness where injected"  # from the treatment's side effects
    assert body_text in text(client.get(treatment.url))

    without_password = Client().get(treatment.url)

    assert "Sorry, we cannot find that page" in text(without_password)
    assert body_text not in text(without_password)


def test_a_password_form_in_the_site_s_layout_is_never_stored(client, treatment, settings, tmp_path):
    """Each visitor's password form carries their own CSRF token, even when the form extends base.html."""
    (tmp_path / "password_in_layout.html").write_text(
        '{% extends "base.html" %}{% block content %}<form>{% csrf_token %}</form>{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    settings.WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "password_in_layout.html"
    PageViewRestriction.objects.create(
        page=treatment, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    def token(response):
        return BeautifulSoup(response.content, "html.parser").find(
            "input", attrs={"name": "csrfmiddlewaretoken"}
        )

    first, second = token(Client().get(treatment.url)), token(Client().get(treatment.url))

    assert first is not None
    assert first["value"] != second["value"]


def test_a_not_found_page_inside_the_page_view_renders(client, home_page, clinic_settings):
    """A 404 raised by Wagtail's page view has no page to key fragments on; it still renders its page."""
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Harbour Lane Clinic" in text(response)

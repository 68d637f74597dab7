"""Stored page parts: a page's own content rendered once, kept in the database, served until it changes.

The page cache and page fragments are off here (as in the test settings), so every
request goes through the page view and the stored parts are what is being tested.
Each dependency a part has (cms/stored_parts.py) gets a test that changes
it and shows the page changing with it.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from cms.models import ClinicSettings, StoredPart
from home.models import HomeFeaturedTreatment
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ConditionFactory,
    ImageFactory,
    TreatmentIndexPageFactory,
    TreatmentPageFactory,
    publish_signed_off,
)

BODY_TEXT = "Brief redness where injected"  # from the treatment's side effects
#: The head's metadata, JSON-LD, header, main column, related articles, booking prompt and footer.
TREATMENT_PARTS = 7


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def visit(client, page, **extra):
    """The page's HTML and how many parts this visit stored, rendering what it found no part for."""
    before = set(StoredPart.objects.values_list("pk", "stored_at"))
    response = client.get(page.url, **extra)
    assert response.status_code == 200
    return response.content.decode(), len(set(StoredPart.objects.values_list("pk", "stored_at")) - before)


def publish_edit(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    return publish_signed_off(page)


def test_a_second_visit_is_served_the_stored_parts_with_fewer_queries(client, treatment, settings):
    """The same HTML as a page rendered without stored parts, from a part of the queries."""
    first, stored = visit(client, treatment)
    with CaptureQueriesContext(connection) as captured:
        second, stored_again = visit(client, treatment)
    settings.STORED_PARTS_ENABLED = False
    with CaptureQueriesContext(connection) as without_parts:
        rendered, _ = visit(client, treatment)

    assert stored == TREATMENT_PARTS
    assert stored_again == 0
    assert second == first == rendered
    assert len(captured) < len(without_parts)


def test_every_page_type_is_the_same_built_from_its_parts(client, settings, home_page, treatment):
    """The home page, an article and the article index, with listings and cards, as rendered without parts."""
    HomeFeaturedTreatment.objects.create(page=home_page, treatment=treatment, sort_order=0)
    articles = ArticleIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=articles, tags=["migraine"], related_treatments=[treatment])
    for page in (home_page, article, articles, treatment):
        visit(client, page)
        served, stored = visit(client, page)
        settings.STORED_PARTS_ENABLED = False
        rendered, _ = visit(client, page)
        settings.STORED_PARTS_ENABLED = True

        assert stored == 0, page
        assert served == rendered, page


def test_a_stored_part_is_what_is_served_while_its_version_holds(client, treatment):
    """Served as stored (the HTML in the table is what visitors get); never under another version."""
    visit(client, treatment)
    main = StoredPart.objects.get(page=treatment, name="main")
    StoredPart.objects.filter(pk=main.pk).update(html=main.html.replace(BODY_TEXT, "Text from the table"))
    assert "Text from the table" in visit(client, treatment)[0]

    StoredPart.objects.filter(pk=main.pk).update(version="another version")
    html, stored = visit(client, treatment)

    assert BODY_TEXT in html
    assert stored == 1


def test_the_shared_token_is_read_before_routing_reads_the_pages(client, treatment):
    """So a change committed while the page loads never has older content stored under its token."""
    with CaptureQueriesContext(connection) as captured:
        client.get(treatment.url)
    statements = [query["sql"] for query in captured]
    token = next(n for n, sql in enumerate(statements) if "shared_token" in sql)
    pages = next(n for n, sql in enumerate(statements) if "url_path" in sql and "IN (" in sql)

    assert token < pages


def test_publishing_new_copy_shows_it_and_leaves_other_pages_parts(client, treatment, treatment_index):
    other = TreatmentPageFactory(parent=treatment_index, title="Chemical peel")
    visit(client, treatment)
    visit(client, other)

    publish_edit(treatment, summary="A new summary from your provider.")

    assert "A new summary from your provider." in visit(client, treatment)[0]
    assert visit(client, other)[1] == 0


def test_a_new_title_retires_every_page_s_parts(client, treatment, treatment_index):
    """Other pages may show a page's title (a link's text, JSON-LD naming it)."""
    other = TreatmentPageFactory(parent=treatment_index, title="Chemical peel")
    visit(client, other)

    publish_edit(treatment, title="Botox for migraine")

    assert visit(client, other)[1] == TREATMENT_PARTS


def test_a_page_put_in_the_menu_shows_in_every_page_s_header(client, treatment, treatment_index):
    visit(client, treatment)

    publish_edit(treatment_index, show_in_menus=not treatment_index.show_in_menus)
    header = BeautifulSoup(visit(client, treatment)[0], "html.parser").find("nav", class_="primary-nav")
    shown = header is not None and header.find("a", string=treatment_index.title) is not None

    assert shown == treatment_index.show_in_menus


def test_a_parent_s_new_title_shows_in_the_breadcrumbs(client, treatment, treatment_index):
    visit(client, treatment)

    publish_edit(treatment_index, title="Our treatments")
    trail = BeautifulSoup(visit(client, treatment)[0], "html.parser").find("nav", class_="breadcrumbs")

    assert trail.find("a", string="Our treatments") is not None


def test_a_live_page_saved_without_publishing_retires_every_part(client, home_page, treatment):
    """As an import or a script may: listings name a page by its last publish, which did not change."""
    HomeFeaturedTreatment.objects.create(page=home_page, treatment=treatment, sort_order=0)
    visit(client, home_page)

    treatment.summary = "Changed by a script."
    treatment.save()

    assert "Changed by a script." in visit(client, home_page)[0]


def test_a_button_to_a_page_goes_when_that_page_is_unpublished(client, treatment, treatment_index):
    destination = TreatmentPageFactory(parent=treatment_index, title="Consultations")
    publish_edit(
        treatment,
        body=[
            *treatment.body.raw_data,
            {"type": "cta", "value": {"heading": "Talk", "button_label": "Book", "page": destination.pk}},
        ],
    )
    assert f'href="{destination.url}"' in visit(client, treatment)[0]

    destination.unpublish()

    assert f'href="{destination.url}"' not in visit(client, treatment)[0]


def test_a_new_parent_slug_moves_the_page_s_own_links(client, treatment, treatment_index):
    """The condition chips link to the index, the canonical URL names the page's new address."""
    treatment.conditions.add(ConditionFactory(name="Chronic migraine", slug="chronic-migraine"))
    publish_signed_off(treatment)
    visit(client, treatment)

    publish_edit(treatment_index, slug="our-treatments")
    treatment.refresh_from_db()
    page = BeautifulSoup(visit(client, treatment)[0], "html.parser")

    assert page.find("a", class_="chip")["href"].startswith("/our-treatments/?condition=")
    assert page.find("link", rel="canonical")["href"].endswith("/our-treatments/botox-for-chronic-migraine/")


def test_an_image_s_new_alt_text_shows(client, treatment):
    image = ImageFactory()
    publish_edit(treatment, hero_image=image)
    visit(client, treatment)

    image.description = "A clinician talking with a patient"
    image.save()

    assert 'alt="A clinician talking with a patient"' in visit(client, treatment)[0]


def test_a_reviewer_s_new_name_shows(client, treatment):
    visit(client, treatment)
    reviewer = treatment.reviewed_by
    reviewer.name = "Dr Ada Renamed"
    reviewer.save()

    assert visit(client, treatment)[0].count("Dr Ada Renamed") >= 2  # the review line and the JSON-LD


def test_the_clinic_s_new_name_shows_in_the_head(client, treatment):
    visit(client, treatment)
    clinic = ClinicSettings.objects.get()
    clinic.name = "Quayside Clinic"
    clinic.save()

    head = BeautifulSoup(visit(client, treatment)[0], "html.parser")

    assert head.find("meta", property="og:site_name")["content"] == "Quayside Clinic"


def test_a_renamed_tag_shows(client, treatment):
    treatment.tags.add("migraine")
    publish_signed_off(treatment)
    visit(client, treatment)

    tag = Tag.objects.get(name="migraine")
    tag.name = "Migraine care"
    tag.save()

    assert '<span class="chip">Migraine care</span>' in visit(client, treatment)[0]


def test_a_review_falling_due_shows_the_next_day(client, treatment, monkeypatch):
    publish_edit(treatment, next_review_due=timezone.localdate() + datetime.timedelta(days=1))
    assert "Review due." not in visit(client, treatment)[0]

    later = timezone.localdate() + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)

    assert "Review due." in visit(client, treatment)[0]


def test_each_host_gets_its_own_absolute_urls(client, treatment):
    """Open Graph's image URL names the host asked for, even when another host's part was stored first."""
    publish_edit(treatment, social_image=ImageFactory())
    visit(client, treatment, HTTP_HOST="localhost")

    head = BeautifulSoup(visit(client, treatment, HTTP_HOST="127.0.0.1")[0], "html.parser")

    assert head.find("meta", property="og:image")["content"].startswith("http://127.0.0.1/")


def test_a_preview_never_reads_or_stores_parts(admin_client, client, treatment):
    visit(client, treatment)
    treatment.summary = "A draft summary not yet published."
    treatment.save_revision()

    draft = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[treatment.pk]))

    assert "A draft summary not yet published." in draft.content.decode()
    assert "A draft summary not yet published." not in visit(client, treatment)[0]
    assert not StoredPart.objects.filter(html__contains="A draft summary").exists()


def test_the_deploy_purge_retires_stored_parts(client, treatment):
    """Parts were rendered by the previous release's templates."""
    visit(client, treatment)

    call_command("purge_page_cache", stdout=None)

    assert visit(client, treatment)[1] == TREATMENT_PARTS


def test_a_database_refusing_the_write_still_serves_the_page(client, treatment, monkeypatch, caplog):
    """SQLite busy with another writer, a read-only replica: the page is served as rendered."""

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(StoredPart.objects, "bulk_create", locked)
    html, _ = visit(client, treatment)

    assert BODY_TEXT in html
    assert not StoredPart.objects.exists()
    assert f"Could not store {TREATMENT_PARTS} page parts" in caplog.text


def test_the_related_articles_follow_the_articles(client, treatment, home_page):
    """An article's new intro shows in the box; an article joining it or made private changes it."""
    articles = ArticleIndexPageFactory(parent=home_page)
    first = ArticlePageFactory(parent=articles, title="Migraine diaries", related_treatments=[treatment])
    visit(client, treatment)

    publish_edit(first, intro="Keeping a headache diary helps your provider.")
    assert "Keeping a headache diary helps your provider." in visit(client, treatment)[0]

    ArticlePageFactory(parent=articles, title="Botox, step by step", related_treatments=[treatment])
    assert "Botox, step by step" in visit(client, treatment)[0]

    PageViewRestriction.objects.create(page=first, restriction_type=PageViewRestriction.LOGIN)
    assert "Migraine diaries" not in visit(client, treatment)[0]


def test_the_home_page_s_listings_follow_their_pages(client, home_page, treatment, clinic_settings):
    """A featured treatment's new summary, the newest article's new intro and a newer article show."""
    HomeFeaturedTreatment.objects.create(page=home_page, treatment=treatment, sort_order=0)
    articles = ArticleIndexPageFactory(parent=home_page)
    newest = ArticlePageFactory(parent=articles, title="Sleep and migraine", date=datetime.date(2026, 3, 1))
    visit(client, home_page)

    publish_edit(treatment, summary="Injections your provider may offer every twelve weeks.")
    publish_edit(newest, intro="What a regular bedtime can do.")
    html, stored = visit(client, home_page)
    assert "Injections your provider may offer every twelve weeks." in html
    assert "What a regular bedtime can do." in html
    assert stored == 2  # the featured treatments and the latest articles; not the welcome, head or footer

    ArticlePageFactory(parent=articles, title="Peels in winter", date=datetime.date(2026, 4, 1))
    assert "Peels in winter" in visit(client, home_page)[0]


def test_the_article_index_follows_its_articles(client, home_page, clinic_settings):
    """A listed article's new intro shows; a new one pushes the oldest to a second page."""
    articles = ArticleIndexPageFactory(parent=home_page, per_page=2)
    older = ArticlePageFactory(parent=articles, title="Peel aftercare", date=datetime.date(2026, 1, 5))
    ArticlePageFactory(parent=articles, title="Sleep tips", date=datetime.date(2026, 2, 6))
    visit(client, articles)

    publish_edit(older, intro="How to look after your skin after a peel.")
    html, stored = visit(client, articles)
    assert "How to look after your skin after a peel." in html
    assert stored == 1  # the listing alone

    ArticlePageFactory(parent=articles, title="Winter skin", date=datetime.date(2026, 3, 7))
    html = visit(client, articles)[0]
    assert "Winter skin" in html
    assert "Peel aftercare" not in html
    assert "Page 1 of 2" in html


def test_an_article_s_aside_follows_the_treatments_it_names(client, home_page, clinic_settings):
    """A named treatment's new summary re-renders the aside (and the JSON-LD), not the article's own parts."""
    treatments = TreatmentIndexPageFactory(parent=home_page, title="Treatments", slug="treatments")
    treatment = TreatmentPageFactory(parent=treatments, title="Chemical peel")
    articles = ArticleIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=articles, related_treatments=[treatment])
    visit(client, article)

    publish_edit(treatment, summary="A summary changed since.")

    html, stored = visit(client, article)
    assert "A summary changed since." in html
    assert stored == 2

"""Stored page parts: a page's own content rendered once, kept in the database, served until it changes.

The page cache and page fragments are off here (as in the test settings), so every
request goes through the page view and the stored parts are what is being tested.
Each dependency a part has (cms/templatetags/stored_parts.py) gets a test that changes
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

from cms.models import ClinicSettings, StoredPart
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ConditionFactory,
    ImageFactory,
    TreatmentIndexPageFactory,
    TreatmentPageFactory,
    publish_signed_off,
)

PARTS_TABLE = StoredPart._meta.db_table
BODY_TEXT = "Brief redness where injected"  # from the treatment's side effects


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def visit(client, page, **extra):
    """The page's HTML and the parts this visit stored (names), rendering what it found no part for."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url, **extra)
    assert response.status_code == 200
    writes = [query["sql"] for query in captured if PARTS_TABLE in query["sql"] and "INSERT" in query["sql"]]
    return response.content.decode(), len(writes)


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

    assert stored == 3  # the head's metadata, the JSON-LD and the main column
    assert stored_again == 0
    assert second == first == rendered
    assert len(captured) < len(without_parts)


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

    assert visit(client, other)[1] == 3


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

    assert visit(client, treatment)[1] == 3


def test_a_database_refusing_the_write_still_serves_the_page(client, treatment, monkeypatch, caplog):
    """SQLite busy with another writer, a read-only replica: the page is served as rendered."""

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(StoredPart.objects, "bulk_create", locked)
    html, _ = visit(client, treatment)

    assert BODY_TEXT in html
    assert not StoredPart.objects.exists()
    assert "Could not store the main part" in caplog.text


def test_an_article_stores_its_own_content_not_its_aside(client, home_page, clinic_settings):
    """The aside shows the treatments' summaries: other pages' content, rendered on every view."""
    treatments = TreatmentIndexPageFactory(parent=home_page, title="Treatments", slug="treatments")
    treatment = TreatmentPageFactory(parent=treatments, title="Chemical peel")
    articles = ArticleIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=articles, related_treatments=[treatment])
    visit(client, article)

    publish_edit(treatment, summary="A summary changed since.")

    html, stored = visit(client, article)
    assert "A summary changed since." in html
    assert stored == 0

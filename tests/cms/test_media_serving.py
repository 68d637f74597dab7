"""Uploaded images served from MEDIA_ROOT by Django in production (cms/media.py), and pages that
keep rendering when an image's file has gone missing from it.

These run under the test settings, which are production's as far as media go: DEBUG off, the
local media folder, URLs built once at start-up.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils.http import http_date
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.media import media_urlpatterns
from tests.cms.test_uploads import add_image, png_bytes
from tests.factories import ImageFactory, TreatmentPageFactory

S3_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "clinic-media"}}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def uploaded_image(editor_client):
    """An image an editor uploaded through the Wagtail admin."""
    response = add_image(editor_client, "room.png", png_bytes(), description="A bright treatment room")
    assert response.status_code == 302
    return get_image_model().objects.get()


def hero_img(client, page):
    """The page's hero ``<img>`` element (None when the page shows none), from a 200 response."""
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".hero-image img")


def test_an_uploaded_images_rendition_is_served(client, treatment_index, clinic_settings, uploaded_image):
    """The rendition a page shows answers 200 as WebP, the format the templates ask for."""
    page = TreatmentPageFactory(parent=treatment_index, hero_image=uploaded_image)
    src = hero_img(client, page)["src"]
    assert src.startswith("/media/images/")
    response = client.get(src)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert b"".join(response.streaming_content).startswith(b"RIFF")


def test_an_original_image_is_served_with_lock_down_headers(client, uploaded_image):
    """The original file is served with its own type, no sniffing, no active content, a day's caching."""
    response = client.get(uploaded_image.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=86400"}
    assert response["Last-Modified"]


def test_an_unchanged_image_is_not_sent_again(client, uploaded_image):
    """A browser asking whether its copy is still current gets 304 Not Modified and no body."""
    modified = uploaded_image.file.storage.get_modified_time(uploaded_image.file.name)
    later = http_date(modified.timestamp() + 60)
    response = client.get(uploaded_image.file.url, HTTP_IF_MODIFIED_SINCE=later)
    assert response.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/media/images/../manage.py",
        "/media/images/%2e%2e/manage.py",
        "/media/images/../../manage.py",
        "/media/../manage.py",
        "/media/original_images/../documents/leaflet.pdf",
        "/media//etc/passwd",
    ],
)
def test_paths_outside_the_image_folders_are_refused(client, settings, uploaded_image, path):
    """Nothing outside the image library's folders is served, however the path is dressed up."""
    settings.MEDIA_ROOT = settings.BASE_DIR
    assert client.get(path).status_code in {400, 404}


def test_documents_and_pending_uploads_are_not_served_as_media(client, db, tmp_path):
    """Documents go through Wagtail's view (its privacy and download rules); pending uploads are private."""
    document = get_document_model().objects.create(
        title="Leaflet", file=ContentFile(b"%PDF-1.4", name="leaflet.pdf")
    )
    assert client.get(document.file.url).status_code == 404
    assert client.get(document.url).status_code == 200
    (tmp_path / "wagtail_uploads").mkdir()
    (tmp_path / "wagtail_uploads" / "room.png").write_bytes(png_bytes())
    assert client.get("/media/wagtail_uploads/room.png").status_code == 404


def test_a_missing_file_is_a_404(client, uploaded_image):
    """A file that is not there is a plain 404."""
    assert client.get("/media/original_images/not-there.png").status_code == 404


def test_a_name_too_long_for_the_file_system_is_a_404(client, db):
    """A name the file system refuses to look up names no file: 404, not a server error."""
    assert client.get("/media/original_images/" + "a" * 5000 + ".png").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "served"),
    [
        ({}, True),
        ({"SERVE_MEDIA": False}, False),
        ({"STORAGES": {"default": S3_STORAGE}}, False),
    ],
    ids=["local", "front web server serves them", "object storage"],
)
def test_django_serves_media_only_from_the_local_folder_and_only_when_asked(settings, overrides, served):
    """DJANGO_SERVE_MEDIA off leaves /media/ to the front web server; object storage serves its own URLs."""
    with override_settings(**overrides):
        patterns = media_urlpatterns()
    assert bool(patterns) is served
    if served:
        assert patterns[0].resolve("media/images/room.webp")


def test_the_site_urls_serve_media_under_test_settings():
    """The URLs the site starts with include the media route (DEBUG is off, as in production)."""
    try:
        resolve("/media/images/room.webp")
    except Resolver404:
        pytest.fail("/media/ is not routed")


# An image whose file has gone from MEDIA_ROOT


@pytest.fixture
def page_with_lost_image(treatment_index, clinic_settings):
    """A treatment whose hero (and so share) image's file was deleted, before any rendition was made."""
    image = ImageFactory()
    page = TreatmentPageFactory(parent=treatment_index, hero_image=image)
    image.file.storage.delete(image.file.name)
    return page


def test_a_page_renders_without_an_image_whose_file_is_missing(client, page_with_lost_image):
    """The page answers 200 and leaves the image out rather than pointing at a broken one."""
    assert hero_img(client, page_with_lost_image) is None


def test_a_page_without_a_lost_file_is_still_cached(client, settings, page_with_lost_image):
    """A file that is gone stays gone: unlike a storage outage, it does not keep the page out of the cache."""
    settings.PAGE_CACHE_ENABLED = True

    first, second = client.get(page_with_lost_image.url), client.get(page_with_lost_image.url)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")


def test_no_share_image_is_announced_when_its_file_is_missing(client, page_with_lost_image):
    """Open Graph gets no og:image it could not fetch; the card falls back to the plain summary."""
    head = BeautifulSoup(client.get(page_with_lost_image.url).content, "html.parser").head
    assert head.find("meta", property="og:image") is None
    assert head.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"

"""Media in S3-compatible object storage, chosen by environment variables, and what editors and
visitors get when that storage fails.

No real S3 or MinIO can run here. The bucket lives in moto's in-process S3 API implementation
(``moto.server.ThreadedMotoServer``): a stand-in that answers the S3 HTTP API on 127.0.0.1 on a
free port, started and stopped by each test, so boto3 and django-storages talk to it over HTTP
exactly as they would to S3 or MinIO. It is not S3: behaviour beyond the API calls made here
(permissions, consistency, bucket policies) is not tested by it. A failing storage is that
server stopped, or two smaller loopback HTTP servers of this module: one answering every request
with S3's 503 "SlowDown", one dropping the connection in the middle of every file.
"""

import http.server
import json
import logging
import runpy
import threading
import urllib.request
from contextlib import contextmanager
from types import SimpleNamespace

import boto3
import pybreaker
import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, UploadedFile

# Django builds the URLconf once per process, choosing the media route by the storage in
# use then: build it now, under the test settings' local folder, before any test here
# switches to the bucket, so tests run after these still find /media/ routed.
import cms.urls  # noqa: F401
from cms.media_forms import STORAGE_UNAVAILABLE
from cms.settings import base as base_settings
from cms.settings.base import media_storage
from cms.storage_failures import storage_breaker
from tests.cms.test_uploads import add_image, png_bytes
from tests.factories import ArticleIndexPageFactory, ArticlePageFactory, ImageFactory, TreatmentPageFactory

BUCKET = "clinic-media"
STORAGE_VARIABLES = {
    "AWS_STORAGE_BUCKET_NAME": BUCKET,
    "AWS_S3_REGION_NAME": "eu-west-2",
    "AWS_S3_ADDRESSING_STYLE": "path",
    "AWS_ACCESS_KEY_ID": "stand-in-key",
    "AWS_SECRET_ACCESS_KEY": "stand-in-secret",
    # Credentials come from the variables above; never ask a cloud metadata service.
    "AWS_EC2_METADATA_DISABLED": "true",
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path, empty_cache):
    """Anything written to the local media folder lands in an empty temporary one; renditions are not
    remembered from another test (Wagtail keeps them in the default cache)."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def closed_storage_breaker():
    """Every test starts with the media storage trusted, and leaves it so."""
    storage_breaker.close()
    yield storage_breaker
    storage_breaker.close()


def use_storage(settings, monkeypatch, endpoint_url):
    """Configure media storage as production does, from environment variables, against ``endpoint_url``."""
    for name, value in {**STORAGE_VARIABLES, "AWS_S3_ENDPOINT_URL": endpoint_url}.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": media_storage()}


@pytest.fixture
def s3_server():
    """moto's S3 API stand-in on a free loopback port, emptied (moto keeps buckets for the whole
    process); stopped at the end if the test has not."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    reset = urllib.request.Request(f"http://{host}:{port}/moto-api/reset", method="POST")
    urllib.request.urlopen(reset, timeout=10).close()  # noqa: S310 (the loopback stand-in)
    yield server
    server.stop()


@pytest.fixture
def bucket(settings, monkeypatch, s3_server):
    """The media bucket in the stand-in, configured as the site's media storage; its S3 client."""
    host, port = s3_server.get_host_and_port()
    endpoint_url = f"http://{host}:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name="eu-west-2",
        aws_access_key_id="stand-in-key",
        aws_secret_access_key="stand-in-secret",
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    use_storage(settings, monkeypatch, endpoint_url)
    client.endpoint_url = endpoint_url
    return client


def keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


class ErrorAnsweringHandler(http.server.BaseHTTPRequestHandler):
    """Answers every request as an overloaded S3 would: 503 Slow Down."""

    def answer(self):
        body = b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
        self.send_response(503)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = answer

    def log_message(self, *args):
        pass


class CutOffHandler(http.server.BaseHTTPRequestHandler):
    """Answers as an S3 whose connection drops while it sends a file: 1 kB announced, 16 bytes sent."""

    def answer(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", "1024")
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(b"%PDF-1.4 cut off")
        self.close_connection = True

    do_GET = do_HEAD = answer

    def log_message(self, *args):
        pass


@contextmanager
def loopback_server(handler):
    """An HTTP server on a free loopback port answering with ``handler`` while the block runs; its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def error_server():
    """A loopback HTTP server answering 503 to everything, for the duration of the test."""
    with loopback_server(ErrorAnsweringHandler) as url:
        yield url


@pytest.fixture
def cut_off_server():
    """A loopback HTTP server dropping the connection in the middle of every file it sends."""
    with loopback_server(CutOffHandler) as url:
        yield url


@pytest.fixture(params=["stopped", "answering errors"])
def storage_outage(request, settings, monkeypatch, bucket, s3_server):
    """Make the media storage fail (``begin``): stop the S3 server, or point the site at one answering
    503; and answer again (``end``): the S3 server started again on its port, or the site pointed back
    at it. The bucket keeps its files (moto keeps them for the whole process)."""
    host, port = s3_server.get_host_and_port()

    if request.param == "stopped":

        def begin():
            s3_server.stop()

        def end():
            restarted = ThreadedMotoServer(ip_address=host, port=port, verbose=False)
            restarted.start()
            request.addfinalizer(restarted.stop)

    else:

        def begin():
            use_storage(settings, monkeypatch, request.getfixturevalue("error_server"))

        def end():
            use_storage(settings, monkeypatch, bucket.endpoint_url)

    return SimpleNamespace(begin=begin, end=end)


@contextmanager
def storage_requests():
    """The HTTP requests the site's media storage sends while the block runs (retries included),
    counted by boto3 just before each is sent."""
    sent = []
    events = default_storage.connection.meta.client.meta.events

    def count(request, **kwargs):
        sent.append(f"{request.method} {request.url}")

    events.register("before-send.s3", count)
    try:
        yield sent
    finally:
        events.unregister("before-send.s3", count)


def hero_img(response):
    return BeautifulSoup(response.content, "html.parser").select_one(".hero-image img")


# Settings


def test_media_stay_in_the_local_folder_without_a_bucket(monkeypatch):
    """With no AWS_STORAGE_BUCKET_NAME, uploads go to MEDIA_ROOT."""
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    assert media_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_object_storage_is_configured_from_the_environment(monkeypatch):
    """Bucket, endpoint, region, addressing style and URL signing come from variables; keys stay out."""
    for name, value in STORAGE_VARIABLES.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("AWS_QUERYSTRING_AUTH", "false")
    storage = media_storage()
    options = storage["OPTIONS"]
    assert storage["BACKEND"] == "cms.storage_failures.GuardedS3Storage"
    assert options["bucket_name"] == BUCKET
    assert options["endpoint_url"] == "http://127.0.0.1:9000"
    assert options["region_name"] == "eu-west-2"
    assert options["client_config"].s3 == {"addressing_style": "path"}
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False
    assert "stand-in-secret" not in repr(storage)


@pytest.mark.parametrize(("variable", "pause"), [(None, 30), ("45", 45)])
def test_the_pause_after_a_storage_failure_is_configured_from_the_environment(monkeypatch, variable, pause):
    """MEDIA_STORAGE_RETRY_AFTER seconds (30 unset) is STORAGE_RETRY_AFTER, the breaker's pause."""
    if variable is None:
        monkeypatch.delenv("MEDIA_STORAGE_RETRY_AFTER", raising=False)
    else:
        monkeypatch.setenv("MEDIA_STORAGE_RETRY_AFTER", variable)
    assert runpy.run_path(base_settings.__file__)["STORAGE_RETRY_AFTER"] == pause


def test_the_breaker_pauses_for_the_configured_time(settings):
    """The storage is left alone for STORAGE_RETRY_AFTER seconds after a failure."""
    assert storage_breaker.reset_timeout == settings.STORAGE_RETRY_AFTER


def test_a_custom_domain_names_the_media_urls(monkeypatch):
    """With AWS_S3_CUSTOM_DOMAIN (a CDN, a public bucket's host) and no signing, URLs are plain and stable."""
    for name, value in STORAGE_VARIABLES.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_S3_CUSTOM_DOMAIN", "media.clinic.example")
    monkeypatch.setenv("AWS_QUERYSTRING_AUTH", "false")
    storage = S3Storage(**media_storage()["OPTIONS"])
    assert storage.url("images/room.webp") == "https://media.clinic.example/images/room.webp"


# Uploads and pages while the bucket answers


def test_an_image_uploaded_in_the_admin_is_stored_in_the_bucket(editor_client, bucket, tmp_path):
    """The original goes to the bucket, not to the app server's disk."""
    response = add_image(editor_client, "room.png", png_bytes(), description="A bright treatment room")
    assert response.status_code == 302
    assert keys(bucket) == ["original_images/room.png"]
    assert not any(tmp_path.iterdir())


def test_a_page_shows_renditions_from_the_bucket(
    client, editor_client, bucket, treatment_index, clinic_settings
):
    """Renditions are made into the bucket and the page's <img> points there; the URL fetches the WebP."""
    add_image(editor_client, "room.png", png_bytes(), description="A bright treatment room")
    editor_client.logout()
    page = TreatmentPageFactory(parent=treatment_index, hero_image=get_image_model().objects.get())
    response = client.get(page.url)
    assert response.status_code == 200
    src = BeautifulSoup(response.content, "html.parser").select_one(".hero-image img")["src"]
    assert src.startswith(f"{bucket.endpoint_url}/{BUCKET}/images/room.")
    assert any(key.startswith("images/room.") for key in keys(bucket))
    with urllib.request.urlopen(src, timeout=10) as image:  # noqa: S310 (the loopback stand-in)
        assert image.headers["Content-Type"] == "image/webp"


# When the storage fails


def test_an_upload_gets_a_clear_form_error(editor_client, storage_outage):
    """No 500: the form comes back saying the storage is not answering, with what the editor typed."""
    storage_outage.begin()
    response = add_image(editor_client, "room.png", png_bytes(), description="A bright treatment room")
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [STORAGE_UNAVAILABLE]
    assert 'value="A bright treatment room"' in response.content.decode()
    assert not get_image_model().objects.exists()


def test_the_multiple_uploader_reports_the_failure_on_the_file(editor_client, storage_outage):
    """'Add images' answers with the error message instead of keeping the upload for later."""
    storage_outage.begin()
    response = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"title": "room.png", "files[]": SimpleUploadedFile("room.png", png_bytes())},
    )
    assert response.status_code == 200
    assert json.loads(response.content) == {"success": False, "error_message": str(STORAGE_UNAVAILABLE)}
    assert not UploadedFile.objects.exists()


def test_the_multiple_uploaders_last_step_reports_the_failure(editor_client, bucket, storage_outage):
    """An upload kept while the storage answered, completed after it failed, comes back with the error."""
    response = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"title": "room.png", "files[]": SimpleUploadedFile("room.png", png_bytes())},
    )
    upload = UploadedFile.objects.get()
    storage_outage.begin()
    prefix = f"uploaded-image-{upload.pk}"
    response = editor_client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload.pk]),
        {f"{prefix}-title": "Treatment room", f"{prefix}-description": "A bright treatment room"},
    )
    assert response.status_code == 200
    result = json.loads(response.content)
    assert result["success"] is False
    assert "media storage is not answering" in result["form"]
    assert not get_image_model().objects.exists()
    assert UploadedFile.objects.filter(pk=upload.pk).exists()


def test_a_document_upload_gets_a_clear_form_error(editor_client, storage_outage):
    """Documents share the storage, and the same refusal."""
    storage_outage.begin()
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Aftercare", "file": SimpleUploadedFile("aftercare.pdf", b"%PDF-1.4 minimal")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [STORAGE_UNAVAILABLE]
    assert not get_document_model().objects.exists()


def test_pages_render_without_images_that_cannot_be_made(
    client, bucket, storage_outage, home_page, treatment_index, clinic_settings
):
    """A treatment and an article whose image has no renditions yet answer 200 without the image,
    an og:image, or an image in the article's JSON-LD."""
    image = ImageFactory()
    treatment = TreatmentPageFactory(parent=treatment_index, hero_image=image)
    article = ArticlePageFactory(parent=ArticleIndexPageFactory(parent=home_page), hero_image=image)
    storage_outage.begin()
    for page in (treatment, article):
        response = client.get(page.url)
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select_one(".hero-image img") is None
        assert soup.find("meta", property="og:image") is None
    assert '"image"' not in client.get(article.url).content.decode()


def test_a_page_rendered_without_its_image_is_not_kept(
    client, settings, monkeypatch, bucket, error_server, treatment_index, clinic_settings
):
    """Served without its image during an outage, a page is neither cached nor its fragments reused:
    once the storage answers again, the next visit shows the image."""
    settings.PAGE_CACHE_ENABLED = settings.FRAGMENT_CACHE_ENABLED = True
    treatment = TreatmentPageFactory(parent=treatment_index, hero_image=ImageFactory())
    use_storage(settings, monkeypatch, error_server)

    during = client.get(treatment.url)
    use_storage(settings, monkeypatch, bucket.endpoint_url)
    monkeypatch.setattr(storage_breaker, "reset_timeout", 0)  # the pause after the failure is over
    after = client.get(treatment.url)

    assert during["X-Page-Cache"] == "bypass"
    assert BeautifulSoup(during.content, "html.parser").select_one(".hero-image img") is None
    assert after["X-Page-Cache"] == "miss"
    assert BeautifulSoup(after.content, "html.parser").select_one(".hero-image img") is not None


# After a storage failure: the storage is left alone for a while


def test_after_a_failure_pages_leave_new_images_out_without_asking_the_storage(
    client, storage_outage, treatment_index, clinic_settings, caplog
):
    """The first render pays for finding the storage failing; for the pause after it, the next renders
    leave the image out at once, sending the storage nothing. One warning says so, not one per render."""
    treatment = TreatmentPageFactory(parent=treatment_index, hero_image=ImageFactory())
    other = TreatmentPageFactory(parent=treatment_index, hero_image=ImageFactory())
    storage_outage.begin()

    with caplog.at_level(logging.WARNING, logger="cms.storage_failures"):
        first = client.get(treatment.url)
        with storage_requests() as sent:
            later = [client.get(page.url) for page in (treatment, other, treatment)]

    assert storage_breaker.current_state == pybreaker.STATE_OPEN
    assert sent == []
    for response in (first, *later):
        assert response.status_code == 200
        assert hero_img(response) is None
    openings = [record for record in caplog.records if "media storage is failing" in record.getMessage()]
    assert len(openings) == 1


def test_the_storage_is_asked_again_after_the_pause(
    client, monkeypatch, storage_outage, treatment_index, clinic_settings, caplog
):
    """Back before the pause is over, the storage is still left alone; once it is over, the next render
    asks it again, shows the image, and one line says the storage answers again."""
    treatment = TreatmentPageFactory(parent=treatment_index, hero_image=ImageFactory())
    storage_outage.begin()
    client.get(treatment.url)
    storage_outage.end()

    with storage_requests() as sent_during_pause:
        during_pause = client.get(treatment.url)
    monkeypatch.setattr(storage_breaker, "reset_timeout", 0)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="cms.storage_failures"), storage_requests() as sent_after:
        after_pause = client.get(treatment.url)

    assert sent_during_pause == []
    assert hero_img(during_pause) is None
    assert sent_after
    assert hero_img(after_pause) is not None
    assert storage_breaker.current_state == pybreaker.STATE_CLOSED
    assert [record.getMessage() for record in caplog.records] == ["The media storage answers again."]


def test_uploads_are_refused_at_once_while_the_storage_is_left_alone(
    editor_client, storage_outage, treatment_index, clinic_settings
):
    """After a page found the storage failing, an upload gets the form error without asking the storage."""
    treatment = TreatmentPageFactory(parent=treatment_index, hero_image=ImageFactory())
    storage_outage.begin()
    editor_client.get(treatment.url)

    with storage_requests() as sent:
        response = add_image(editor_client, "room.png", png_bytes(), description="A bright treatment room")

    assert sent == []
    assert response.context["form"].errors["file"] == [STORAGE_UNAVAILABLE]
    assert get_image_model().objects.count() == 1


def test_a_missing_file_does_not_stop_the_storage_being_asked(
    client, bucket, treatment_index, clinic_settings
):
    """A file gone from the bucket is that image's fault, not the storage's: its page leaves it out,
    and the next page's image is still made."""
    gone, present = ImageFactory(), ImageFactory()
    bucket.delete_object(Bucket=BUCKET, Key=gone.file.name)
    without = client.get(TreatmentPageFactory(parent=treatment_index, hero_image=gone).url)
    with_image = client.get(TreatmentPageFactory(parent=treatment_index, hero_image=present).url)

    assert hero_img(without) is None
    assert hero_img(with_image) is not None
    assert storage_breaker.current_state == pybreaker.STATE_CLOSED


# Documents


def stored_document(content=b"%PDF-1.4 aftercare", collection=None):
    """A document stored in the site's media storage (the bucket, once a test has set it up)."""
    extra = {"collection": collection} if collection else {}
    return get_document_model().objects.create(
        title="Aftercare", file=ContentFile(content, name="aftercare.pdf"), **extra
    )


def download(client, document):
    response = client.get(document.url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_a_document_is_downloaded_from_the_bucket(client, db, bucket):
    """Wagtail's view streams the document from the bucket, with its download headers."""
    document = stored_document()
    assert keys(bucket) == ["documents/aftercare.pdf"]
    response, body = download(client, document)
    assert response.status_code == 200
    assert body == b"%PDF-1.4 aftercare"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_a_document_download_during_an_outage_is_a_503(client, db, settings, storage_outage, caplog):
    """A plain page saying the file cannot be downloaded now, with Retry-After the breaker's pause."""
    document = stored_document()
    storage_outage.begin()
    with caplog.at_level(logging.WARNING, logger="cms.document_downloads"):
        response, body = download(client, document)
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.STORAGE_RETRY_AFTER)
    assert "This file cannot be downloaded right now" in body.decode()
    assert "please try again in a few minutes" in body.decode()
    assert [record.levelname for record in caplog.records if record.name == "cms.document_downloads"] == [
        "WARNING"
    ]


def test_a_document_download_after_a_failure_does_not_ask_the_storage(client, db, storage_outage):
    """While the storage is left alone, a download is a 503 at once."""
    document = stored_document()
    storage_outage.begin()
    download(client, document)
    with storage_requests() as sent:
        response, _body = download(client, document)
    assert response.status_code == 503
    assert sent == []


def test_a_private_document_stays_private_during_an_outage(client, django_user_model, storage_outage):
    """Wagtail's privacy rules come first: a visitor not signed in is sent to sign in, as ever;
    only someone allowed to download it learns that the storage is failing."""
    private = Collection.get_first_root_node().add_child(name="Patients only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = stored_document(collection=private)
    storage_outage.begin()

    anonymous = client.get(document.url)
    client.force_login(django_user_model.objects.create_user(username="patient", password="x"))
    signed_in, _body = download(client, document)

    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]
    assert signed_in.status_code == 503


def test_a_document_cut_off_by_the_storage_is_a_503(
    client, db, settings, monkeypatch, bucket, cut_off_server
):
    """A storage that drops the connection while sending the file (boto3 gives up after its retries):
    the 503 page, not a server error or a truncated file."""
    document = stored_document()
    use_storage(settings, monkeypatch, cut_off_server)
    response, body = download(client, document)
    assert response.status_code == 503
    assert "This file cannot be downloaded right now" in body.decode()


def test_an_image_cut_off_by_the_storage_is_left_out(
    client, settings, monkeypatch, bucket, cut_off_server, treatment_index, clinic_settings
):
    """The same for an image's original read to make a rendition: the page renders without it."""
    treatment = TreatmentPageFactory(parent=treatment_index, hero_image=ImageFactory())
    use_storage(settings, monkeypatch, cut_off_server)
    response = client.get(treatment.url)
    assert response.status_code == 200
    assert hero_img(response) is None


def test_a_document_whose_file_is_gone_is_a_404(client, db, bucket):
    """A document whose file was deleted from the bucket is not there: 404, not a server error or a 503."""
    document = stored_document()
    bucket.delete_object(Bucket=BUCKET, Key=document.file.name)
    assert client.get(document.url).status_code == 404
    assert storage_breaker.current_state == pybreaker.STATE_CLOSED

"""Uploads and editor input that could carry active content: documents, images, rich text, blocks."""

import io

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model

# What editors need in rich text: headings, emphasis, links and lists. No embeds, images,
# code or raw HTML: anything else must be a deliberate, reviewed addition here.
ALLOWED_RICH_TEXT_FEATURES = {"h2", "h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"}

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def document(filename, content):
    return get_document_model().objects.create(title=filename, file=ContentFile(content, name=filename))


# Documents


def test_documents_are_served_through_wagtails_view(client, db):
    """A document's URL is Wagtail's serve view, which sends it with a lock-down CSP and nosniff."""
    doc = document("aftercare.docx", b"not really a word document")
    assert doc.url == f"/documents/{doc.pk}/aftercare.docx"
    response = client.get(doc.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pdfs_open_in_the_browser(client, db):
    """PDFs are the one type shown inline, still under the lock-down policy."""
    doc = document("leaflet.pdf", b"%PDF-1.4 minimal")
    response = client.get(doc.url)
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == "default-src 'none'"


@pytest.mark.parametrize("filename", ["page.html", "logo.svg", "script.js"])
def test_document_upload_refuses_active_content(admin_client, filename):
    """HTML, SVG and script files cannot be uploaded as documents."""
    upload = SimpleUploadedFile(filename, b"<script>alert(1)</script>")
    response = admin_client.post(reverse("wagtaildocs:add"), {"title": filename, "file": upload})
    assert response.status_code == 200
    assert "is not allowed" in response.content.decode()
    assert not get_document_model().objects.exists()


# Images


def add_image(client, filename, content, **fields):
    data = {"title": filename, "file": SimpleUploadedFile(filename, content), **fields}
    return client.post(reverse("wagtailimages:add"), data)


def test_svg_images_are_refused_with_a_clear_error(admin_client):
    """SVG can carry script, so the image library refuses it and says which formats it takes."""
    response = add_image(admin_client, "logo.svg", SVG, description="Clinic logo")
    assert response.status_code == 200
    assert "Not a supported image format" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_images_need_alt_text(admin_client):
    """An image without alt text is refused with a message on that field."""
    response = add_image(admin_client, "room.png", png_bytes(), description="")
    assert response.status_code == 200
    assert response.context["form"].errors["description"]
    assert not get_image_model().objects.exists()


def test_image_with_alt_text_is_accepted(admin_client):
    """The same upload with alt text goes into the library."""
    response = add_image(admin_client, "room.png", png_bytes(), description="A bright treatment room")
    assert response.status_code == 302
    assert get_image_model().objects.get().description == "A bright treatment room"


# Rich text and blocks


def stream_fields():
    return [
        (f"{model._meta.label}.{field.name}", field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, StreamField)
    ]


def descendants(block):
    """Every block under ``block`` (Struct, Stream and List blocks' children, recursively)."""
    children = list(getattr(block, "child_blocks", {}).values())
    if isinstance(block, blocks.ListBlock):
        children.append(block.child_block)
    for child in children:
        yield child
        yield from descendants(child)


def all_blocks():
    return [(name, block) for name, field in stream_fields() for block in descendants(field.stream_block)]


def default_rich_text_features():
    return set(settings.WAGTAILADMIN_RICH_TEXT_EDITORS["default"]["OPTIONS"]["features"])


def test_stream_fields_are_found():
    """The walk below sees the project's StreamFields (so its other tests mean something)."""
    names = [name for name, _field in stream_fields()]
    assert "treatments.TreatmentPage.body" in names


def test_no_raw_html_or_embed_block_anywhere():
    """No StreamField, however deeply nested, offers raw HTML or third-party embeds."""
    offenders = [
        (name, type(block).__name__)
        for name, block in all_blocks()
        if isinstance(block, blocks.RawHTMLBlock | EmbedBlock)
    ]
    assert offenders == []


def test_rich_text_blocks_offer_only_what_editors_need():
    """Every rich text block's features are within the allowed set."""
    rich_text_blocks = [
        (name, block) for name, block in all_blocks() if isinstance(block, blocks.RichTextBlock)
    ]
    assert rich_text_blocks
    for name, block in rich_text_blocks:
        features = set(block.features or default_rich_text_features())
        assert features <= ALLOWED_RICH_TEXT_FEATURES, name


def test_rich_text_fields_offer_only_what_editors_need():
    """Rich text model fields, and the editor's default features, stay within the allowed set."""
    assert default_rich_text_features() <= ALLOWED_RICH_TEXT_FEATURES
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, RichTextField):
                assert set(field.features or default_rich_text_features()) <= ALLOWED_RICH_TEXT_FEATURES

"""Uploading images in the real admin, under the admin's Content-Security-Policy."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from cms.models import User
from tests.e2e.admin import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-and-unusual-passphrase"


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def test_add_images_shows_a_thumbnail_of_each_chosen_file(page, console_errors, home_page):
    """'Add images' previews the chosen file from a blob: URL, which the admin's policy allows."""
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    sign_in(page, "editor", PASSWORD)
    page.goto("/admin/images/multiple/add/")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "clinic-room.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    expect(page.get_by_text("Upload successful").first).to_be_visible()
    assert [error for error in console_errors if "Content Security Policy" in error] == []

"""Image rules: SEO staff change an image's alt text and nothing else; huge images are refused.

Replacing an image's file (or its crop, title, tags or collection) changes the live
pages that show it, with no approval; SEO staff may only improve the alt text. Pixel
counts are capped because thumbnailing a 121-megapixel upload took 393 MB of a worker.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.models import Collection

from cms.models import CustomImage
from tests.factories import ImageFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path


def png_upload(name="replacement.png", size=(12, 9), mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def image(db):
    """An image in the root collection, where the groups' image permissions are given."""
    return ImageFactory(
        title="Treatment room",
        description="A treatment room",
        collection=Collection.get_first_root_node(),
        file__width=640,
        file__height=480,
    )


@pytest.fixture
def staff(django_user_model):
    """A user in the named groups (or a superuser for "superuser")."""

    def make(*group_names):
        user = django_user_model.objects.create_user(
            "_".join(group_names).replace(" ", "_"), password="x", is_superuser="superuser" in group_names
        )
        user.groups.add(*Group.objects.filter(name__in=group_names))
        return user

    return make


def edit_everything(client, image):
    """Post the image's edit form changing the file, title, tags, focal point and alt text."""
    return client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": "Something else",
            "file": png_upload(),
            "description": "Clinician preparing a treatment room",
            "tags": "replaced",
            "focal_point_x": "5",
            "focal_point_y": "5",
            "focal_point_width": "2",
            "focal_point_height": "2",
        },
    )


def test_seo_staff_change_only_the_alt_text(client, staff, image):
    """SEO staff's post changing everything saves the new alt text; the file, title, tags and crop stay."""
    client.force_login(staff("SEO staff"))
    file_name, file_hash = image.file.name, image.get_file_hash()

    response = edit_everything(client, image)

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.description == "Clinician preparing a treatment room"
    assert (image.file.name, image.get_file_hash(), image.width) == (file_name, file_hash, 640)
    assert image.title == "Treatment room"
    assert list(image.tags.names()) == []
    assert image.focal_point_x is None


def test_seo_staff_are_shown_only_the_alt_text(client, staff, image):
    """The edit form SEO staff get has the alt text field alone, and says why."""
    client.force_login(staff("SEO staff"))

    response = client.get(reverse("wagtailimages:edit", args=[image.pk]))

    form = response.context["form"]
    assert list(form.fields) == ["description"]
    assert "only the alt text" in form.fields["description"].help_text


@pytest.mark.parametrize("groups", [("Editors",), ("superuser",), ("SEO staff", "Editors")])
def test_editors_still_replace_files(client, staff, image, groups):
    """Editors and superusers (SEO staff who are editors too) replace the file and everything else."""
    client.force_login(staff(*groups))

    response = edit_everything(client, image)

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.width, image.height) == (12, 9)
    assert image.title == "Something else"
    assert image.description == "Clinician preparing a treatment room"


def test_medical_reviewers_cannot_edit_others_images(client, staff, image):
    """Medical reviewers upload and choose images; other people's images are not theirs to edit."""
    client.force_login(staff("Medical reviewers"))
    file_name = image.file.name

    response = edit_everything(client, image)

    assert response.status_code in (302, 403)
    image.refresh_from_db()
    assert (image.file.name, image.description) == (file_name, "A treatment room")


def test_seo_staff_change_only_the_alt_text_in_the_bulk_uploader_too(client, staff, image):
    """The uploader's per-image form (any image's id can be posted to it) keeps the same limit."""
    client.force_login(staff("SEO staff"))

    response = client.post(
        reverse("wagtailimages:edit_multiple", args=[image.pk]),
        {
            f"image-{image.pk}-title": "Something else",
            f"image-{image.pk}-description": "New alt text",
            f"image-{image.pk}-tags": "replaced",
        },
    )

    assert response.status_code == 200
    assert response.json()["success"]
    image.refresh_from_db()
    assert (image.title, image.description) == ("Treatment room", "New alt text")


def delete_url(image, how):
    if how == "one":
        return reverse("wagtailimages:delete", args=[image.pk])
    return reverse("wagtail_bulk_action", args=["cms", "customimage", "delete"]) + f"?id={image.pk}"


@pytest.mark.parametrize("how", ["one", "bulk"])
def test_seo_staff_cannot_delete_images(client, staff, image, how):
    """Deleting an image takes it off live pages: not for SEO staff, one at a time or in bulk."""
    client.force_login(staff("SEO staff"))

    client.post(delete_url(image, how))

    assert CustomImage.objects.filter(pk=image.pk).exists()


@pytest.mark.parametrize("how", ["one", "bulk"])
def test_editors_delete_images(client, staff, image, how):
    """Editors still delete images, one at a time or in bulk."""
    client.force_login(staff("Editors"))

    response = client.post(delete_url(image, how))

    assert response.status_code == 302
    assert not CustomImage.objects.filter(pk=image.pk).exists()


def bulk_add_tags(client, image):
    url = reverse("wagtail_bulk_action", args=["cms", "customimage", "add_tags"]) + f"?id={image.pk}"
    return client.post(url, {"tags": "replaced"})


def test_seo_staff_cannot_tag_images_in_bulk(client, staff, image):
    """Bulk actions that change images (tags, collection) change nothing for SEO staff, and say so."""
    client.force_login(staff("SEO staff"))

    response = bulk_add_tags(client, image)

    assert response.status_code == 302
    assert list(image.tags.names()) == []
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("only images' alt text" in message for message in messages)


def test_editors_tag_images_in_bulk(client, staff, image):
    """Editors' bulk tagging goes through."""
    client.force_login(staff("Editors"))

    bulk_add_tags(client, image)

    assert list(image.tags.names()) == ["replaced"]


def test_seo_staff_still_upload_new_images_with_every_field(client, staff):
    """Adding an image is not changing a live one: SEO staff's upload form is complete."""
    client.force_login(staff("SEO staff"))

    response = client.get(reverse("wagtailimages:add"))

    assert {"title", "file", "description"} <= set(response.context["form"].fields)


# Pixel limit


def test_images_over_the_pixel_limit_get_a_form_error(admin_client, settings):
    """An upload over WAGTAILIMAGES_MAX_IMAGE_PIXELS gets a form error, not a 500."""
    width = 8000
    height = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS // width + 1
    upload = png_upload("huge.png", size=(width, height), mode="1")  # 1 bit a pixel: small to make

    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Huge", "file": upload, "description": "A huge image"}
    )

    assert response.status_code == 200
    assert "too many pixels" in str(response.context["form"].errors["file"])

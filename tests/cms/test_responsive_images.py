"""``{% srcset_image %}`` (cms/templatetags/responsive_images.py) on pictures smaller than asked for."""

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from wagtail.images.models import Filter
from wagtail.images.templatetags import wagtailimages_tags

from tests.factories import ImageFactory

TEMPLATE = Template(
    "{% load wagtailimages_tags responsive_images %}"
    '{% srcset_image image width-{480,800,1200} sizes="(min-width: 48em) 45rem, 100vw" %}'
)


def rendered_img(image):
    return BeautifulSoup(TEMPLATE.render(Context({"image": image})), "html.parser").find("img")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path, empty_cache):
    """A media folder and a rendition cache of each test's own: image ids repeat across tests."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_a_picture_narrower_than_the_largest_size_lists_each_width_once():
    img = rendered_img(ImageFactory(file__width=600, file__height=400))
    widths = [candidate.split()[-1] for candidate in img["srcset"].split(", ")]
    assert widths == ["480w", "600w"]
    assert img["sizes"]


@pytest.mark.django_db
def test_a_picture_narrower_than_every_size_has_one_source_and_no_sizes():
    img = rendered_img(ImageFactory(file__width=300, file__height=200))
    assert "srcset" not in img.attrs
    assert "sizes" not in img.attrs
    assert img["src"]


@pytest.mark.django_db
def test_a_large_picture_keeps_every_size():
    img = rendered_img(ImageFactory(file__width=2000, file__height=1000))
    assert [candidate.split()[-1] for candidate in img["srcset"].split(", ")] == ["480w", "800w", "1200w"]


@pytest.mark.django_db
def test_a_tag_parses_its_filters_once_and_each_picture_gets_its_own_renditions():
    """The filters are built on the first render only; nothing of one picture carries to the next."""
    template = Template(
        "{% load wagtailimages_tags responsive_images %}{% srcset_image image width-{480,800} %}"
    )
    wide = ImageFactory(file__width=2000, file__height=1000)
    narrow = ImageFactory(file__width=600, file__height=400)

    with mock.patch.object(wagtailimages_tags, "Filter", wraps=Filter) as built:
        wide_img, narrow_img = (
            BeautifulSoup(template.render(Context({"image": image})), "html.parser").find("img")
            for image in (wide, narrow)
        )

    assert built.call_count == 2  # one per size, for both renders
    assert [candidate.split()[-1] for candidate in wide_img["srcset"].split(", ")] == ["480w", "800w"]
    assert [candidate.split()[-1] for candidate in narrow_img["srcset"].split(", ")] == ["480w", "600w"]

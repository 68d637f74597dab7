"""Fixtures for article tests: the blog under the home page, and images in a throwaway media folder."""

import pytest

from tests.factories import ArticleIndexPageFactory


@pytest.fixture
def article_index(home_page):
    return ArticleIndexPageFactory(parent=home_page)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded images and their renditions go to a temporary folder, not the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT

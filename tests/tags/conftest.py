"""Fixtures for tag tests: the article ones (the blog, where tag listings live; a throwaway media folder)."""

from tests.articles.conftest import article_index, media_root

__all__ = ["article_index", "media_root"]

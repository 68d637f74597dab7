"""Fixtures for the site-wide tests."""

import pytest


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Run a change as Wagtail's admin would and let its transaction commit (the purge waits for that)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run

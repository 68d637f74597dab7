"""Fixtures for the site-wide tests."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from tests.factories import TreatmentPageFactory


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Run a change as Wagtail's admin would and let its transaction commit (the purge waits for that)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


@pytest.fixture
def empty_cache():
    """The cache empty at the start and cleared at the end (it outlives a test otherwise)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def treatment(treatment_index, clinic_settings):
    return TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraine")


@pytest.fixture
def editor_client(client, django_user_model):
    """The test client signed in as a member of the Editors group."""
    editor = django_user_model.objects.create_user(username="editor", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


@pytest.fixture
def member(django_user_model):
    """Makes a user in ``group_name`` (None: a user in no group, who may not use the admin)."""

    def make(group_name):
        user = django_user_model.objects.create_user(username=str(group_name).replace(" ", "_"), password="x")
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        return user

    return make

"""``manage.py create_dev_admin``: a printed development login that can never be made outside DEBUG."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from home.management.commands.create_dev_admin import DEFAULT_PASSWORD, REVIEWER, USERNAME
from tests.factories import ClinicianFactory


def create_dev_admin():
    out = StringIO()
    call_command("create_dev_admin", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_refuses_without_debug():
    """With DEBUG off the command stops with an error and creates no user."""
    with pytest.raises(CommandError, match="DEBUG=True"):
        create_dev_admin()

    assert not get_user_model().objects.exists()


def test_refusal_exits_non_zero():
    """Run as a real process under the (DEBUG off) test settings, it exits with status 1 and explains why."""
    result = subprocess.run(
        [sys.executable, "manage.py", "create_dev_admin"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "DEBUG=True" in result.stderr


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_creates_superuser_and_prints_login(client, monkeypatch):
    """With DEBUG on it prints the URL and a default login that signs in to the Wagtail admin."""
    monkeypatch.delenv("DEV_ADMIN_PASSWORD", raising=False)

    output = create_dev_admin()

    user = get_user_model().objects.get(username=USERNAME)
    assert user.is_superuser and user.is_staff and user.is_active
    assert "http://testserver/admin/" in output
    assert f"Username: {USERNAME}" in output
    assert f"Password: {DEFAULT_PASSWORD}" in output
    login = {"username": USERNAME, "password": DEFAULT_PASSWORD}
    response = client.post(reverse("wagtailadmin_login"), login)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_resets_existing_admin_with_password_from_environment(monkeypatch):
    """An existing 'admin' is made an active superuser again, with DEV_ADMIN_PASSWORD as its password."""
    get_user_model().objects.create_user(username=USERNAME, password="forgotten", is_active=False)
    monkeypatch.setenv("DEV_ADMIN_PASSWORD", "from-the-environment")

    output = create_dev_admin()

    user = get_user_model().objects.get(username=USERNAME)
    assert user.is_superuser and user.is_active
    assert user.check_password("from-the-environment")
    assert "reset" in output
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_a_clinician_login_is_made_for_the_sign_off(client, monkeypatch):
    """With a clinician in the demo, 'reviewer' signs in for them (the superuser cannot sign off)."""
    monkeypatch.delenv("DEV_ADMIN_PASSWORD", raising=False)
    marsh = ClinicianFactory(name="Dr Eleanor Marsh")

    output = create_dev_admin()
    create_dev_admin()  # a second run keeps the same link

    marsh.refresh_from_db()
    assert marsh.user.username == REVIEWER
    assert marsh.user.groups.filter(name="Medical reviewers").exists()
    assert "signs off as Dr Eleanor Marsh" in output
    assert client.login(username=REVIEWER, password=DEFAULT_PASSWORD)

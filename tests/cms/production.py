"""Run a manage.py command in a subprocess under production settings, with test values
for the environment production.py and its deploy checks require (as .ci/run does)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def run_manage_py(*args, **extra_env):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "clinic.example.com",
        "EMAIL_HOST": "smtp.example.com",
        "DEFAULT_FROM_EMAIL": "website@clinic.example.com",
        **extra_env,
    }
    return subprocess.run(  # noqa: S603 (this interpreter running our own manage.py)
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

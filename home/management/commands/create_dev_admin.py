"""A known superuser login for local development; refuses to run unless DEBUG is on."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

USERNAME = "admin"
# A documented development-only default; override with DEV_ADMIN_PASSWORD.
DEFAULT_PASSWORD = "clinic-dev-only"  # noqa: S105
EMAIL = "admin@localhost"


class Command(BaseCommand):
    help = (
        "Create (or reset) the 'admin' superuser for local development and print the login. "
        "Password: DEV_ADMIN_PASSWORD, else a fixed development default. Only runs with DEBUG=True."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "create_dev_admin only runs with DEBUG=True (local development), so a known login "
                "can never be created on a live site. Use 'manage.py createsuperuser' instead."
            )
        password = os.environ.get("DEV_ADMIN_PASSWORD") or DEFAULT_PASSWORD
        user, created = get_user_model().objects.get_or_create(username=USERNAME, defaults={"email": EMAIL})
        user.is_active = user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home")
        self.stdout.write(f"Development admin {'created' if created else 'reset'}:")
        self.stdout.write(f"  URL:      {admin_url}")
        self.stdout.write(f"  Username: {USERNAME}")
        self.stdout.write(f"  Password: {password}")

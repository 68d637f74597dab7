"""Known logins for local development (a superuser, and a clinician who signs off); only with DEBUG on.

A superuser cannot give a medical sign-off: only the account linked to a clinician
can. So the demo also gets "reviewer", a Medical reviewer signing in for the demo's
first clinician, to try the sign-off workflow with.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from cms.models import Clinician

USERNAME = "admin"
# A documented development-only default; override with DEV_ADMIN_PASSWORD.
DEFAULT_PASSWORD = "clinic-dev-only"  # noqa: S105
EMAIL = "admin@localhost"
REVIEWER = "reviewer"
REVIEWERS_GROUP = "Medical reviewers"


class Command(BaseCommand):
    help = (
        "Create (or reset) the 'admin' superuser and the 'reviewer' clinician login for local "
        "development and print them. "
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
        clinician = (
            Clinician.objects.filter(user__isnull=True).first()
            or Clinician.objects.filter(user__username=REVIEWER).first()
        )
        if clinician is not None:
            self.create_reviewer(clinician, password)

    def create_reviewer(self, clinician, password):
        """A Medical reviewer signing in for ``clinician``, with the same password."""
        user, _created = get_user_model().objects.get_or_create(
            username=REVIEWER, defaults={"email": f"{REVIEWER}@localhost"}
        )
        user.is_active, user.is_staff = True, False
        user.set_password(password)
        user.save()
        user.groups.add(*Group.objects.filter(name=REVIEWERS_GROUP))
        clinician.user = user
        clinician.save(update_fields=["user"])
        self.stdout.write(f"Development clinician login (signs off as {clinician.name}):")
        self.stdout.write(f"  Username: {REVIEWER}")
        self.stdout.write(f"  Password: {password}")

"""Pages coming due for medical review and the staff reminded of them (dashboard and reminder tests)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from tests.factories import TreatmentPageFactory
from treatments.models import TreatmentPage


def due_in(days):
    return timezone.localdate() + timezone.timedelta(days=days)


def page_due(parent, clinician, days, **kwargs):
    """A live treatment page last signed off by ``clinician`` (or no one), due in ``days`` (<0: overdue)."""
    page = TreatmentPageFactory(parent=parent, **kwargs)
    TreatmentPage.objects.filter(pk=page.pk).update(reviewed_by=clinician, next_review_due=due_in(days))
    page.refresh_from_db()
    return page


def staff(username, group, clinician=None, email=None, is_active=True):
    """A member of ``group``, at <username>@clinic.example.com or ``email``, signing in for ``clinician``."""
    address = f"{username}@clinic.example.com" if email is None else email
    user = get_user_model().objects.create_user(username, address, "x", is_active=is_active)
    user.groups.add(Group.objects.get(name=group))
    if clinician is not None:
        clinician.user = user
        clinician.save()
    return user

"""Recording sign-offs and stamping them onto the revision that goes live."""

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Site

from cms.models import ClinicSettings

from .models import SignOff


def review_interval_months():
    """The clinic's months between medical reviews (clinic settings of the default site)."""
    site = Site.objects.filter(is_default_site=True).first()
    return ClinicSettings.for_site(site).review_interval_months if site else 12


def latest_next_review_due(signed_on=None):
    """The latest date a sign-off on ``signed_on`` (default today) may set for the next review."""
    return (signed_on or timezone.localdate()) + relativedelta(months=review_interval_months())


def clinician_of(user):
    """The clinician ``user`` signs in for, or None: only they can give that clinician's sign-off."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    return getattr(user, "clinician", None)


@transaction.atomic
def record_sign_off(
    page, revision, *, source, clinician=None, user=None, signed_on=None, next_review_due=None, comment=""
):
    """Record that ``revision`` of ``page`` is signed off, and stamp the review onto that revision.

    The revision is the one that goes live (the latest when a workflow finishes), so
    the review line it shows is the sign-off's. Logged in the page's history.
    """
    signed_on = signed_on or timezone.localdate()
    sign_off = SignOff.objects.create(
        page=page,
        revision=revision,
        content_fingerprint=page.medical_fingerprint(revision.content),
        source=source,
        clinician=clinician,
        clinician_name=clinician.display_name if clinician else "",
        user=user,
        signed_on=signed_on,
        next_review_due=next_review_due or latest_next_review_due(signed_on),
        comment=comment,
    )
    revision.content.update(
        reviewed_by=clinician.pk if clinician else None,
        last_reviewed=signed_on.isoformat(),
        next_review_due=sign_off.next_review_due.isoformat(),
    )
    revision.save(update_fields=["content"])
    log(
        instance=page,
        action="signoff.signed_off",
        user=user,
        revision=revision,
        data={
            "sign_off_id": sign_off.pk,
            "clinician": sign_off.clinician_name,
            "source": source,
            "signed_on": signed_on.isoformat(),
            "next_review_due": sign_off.next_review_due.isoformat(),
            "comment": comment,
        },
    )
    return sign_off


def sign_off_as_loader(page, revision):
    """Record a loader's sign-off of ``revision`` (demo and test content), from the page's own review fields.

    Marked as the loader's, never as the clinician's: the review line reads as the
    content says, and the sign-off report lists it as not signed off by a person.
    """
    return record_sign_off(
        page,
        revision,
        source=SignOff.LOADER,
        clinician=page.reviewed_by,
        signed_on=page.last_reviewed,
        next_review_due=page.next_review_due,
    )

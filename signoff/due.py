"""Which live pages need a clinician: never signed off by one, or due for review soon or overdue."""

from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import get_page_models

from .models import DUE_WITHIN_DAYS, MedicalReviewMixin, SignOff


@dataclass
class DuePage:
    page: object
    overdue: bool


def reviewed_page_models():
    return [model for model in get_page_models() if issubclass(model, MedicalReviewMixin)]


def pages_due(clinician=None, within_days=DUE_WITHIN_DAYS):
    """Live pages whose review is overdue or due within ``within_days``, soonest first.

    With ``clinician``, only the pages that clinician last signed off. One query per
    medically reviewed page type.
    """
    today = timezone.localdate()
    horizon = today + timezone.timedelta(days=within_days)
    due = []
    for model in reviewed_page_models():
        pages = model.needing_review(model.objects.live()).filter(next_review_due__lte=horizon)
        pages = pages.defer_streamfields()
        if clinician is not None:
            pages = pages.filter(reviewed_by=clinician)
        due.extend(
            DuePage(page, page.next_review_due < today) for page in pages.select_related("reviewed_by")
        )
    return sorted(due, key=lambda item: (item.page.next_review_due, item.page.title))


def pages_not_signed_off_by_a_clinician():
    """Live pages needing review whose live content no clinician signed off (loader, typed, or none).

    Two queries per medically reviewed page type: its live pages needing review with
    their live revisions, and the fingerprints clinicians signed off for them.
    """
    found = []
    for model in reviewed_page_models():
        pages = model.needing_review(model.objects.live()).select_related("live_revision", "reviewed_by")
        pages = pages.order_by("title")
        pages = list(pages.defer_streamfields())
        signed = set(
            SignOff.objects.filter(
                page__in=[page.pk for page in pages], source=SignOff.CLINICIAN
            ).values_list("page_id", "content_fingerprint")
        )
        found.extend(page for page in pages if (page.pk, live_fingerprint(page)) not in signed)
    return found


def live_fingerprint(page):
    return page.medical_fingerprint(page.live_revision.content if page.live_revision_id else None)

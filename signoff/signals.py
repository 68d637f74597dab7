"""A page with medical content is never created live: it goes live by publishing, which needs a sign-off.

Copying a live page with "Publish copies" (and any code adding a live page) would
otherwise put the copy live with content no clinician signed off for it.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from .models import MedicalReviewMixin


@receiver(pre_save, dispatch_uid="signoff.create_medical_pages_as_drafts")
def create_medical_pages_as_drafts(sender, instance, **kwargs):
    if not (isinstance(instance, MedicalReviewMixin) and instance._state.adding and instance.live):
        return
    if not instance.needs_medical_review:
        return
    instance.live = False
    instance.has_unpublished_changes = True
    instance.live_revision = None
    instance.last_published_at = None

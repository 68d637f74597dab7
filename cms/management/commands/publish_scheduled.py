"""Wagtail's ``publish_scheduled``, publishing, unpublishing or reporting each page on its own.

Wagtail's command stops at the first page that fails to publish (a scheduled draft that
no longer validates, say because its reviewing clinician was deleted since), having
already cleared that page's schedule, so the pages due after it wait for the next run.
Here each expiry and each scheduled revision runs in its own transaction: one that fails
is rolled back, so its revision stays scheduled, it is reported on stderr and in the log
with the page, revision and reasons, and the rest go ahead. Once all are done the command
exits non-zero if any failed, so cron or a systemd timer notices. The dry run is Wagtail's.
"""

import logging

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.management.commands import publish_scheduled
from wagtail.models import DraftStateMixin, Page, Revision

from cms.publishing import validation_problems

logger = logging.getLogger(__name__)


def models_with_expiry():
    """Pages, and the other models with draft and live versions (snippets), which can expire."""
    others = (model for model in apps.get_models() if issubclass(model, DraftStateMixin))
    return [Page, *(model for model in others if not issubclass(model, Page))]


class Command(publish_scheduled.Command):
    help = (
        "Unpublish what has expired and publish the revisions whose go-live time has passed. "
        "Run it every minute. A page that fails is reported and left scheduled; the command "
        "exits with status 1 after the run if any did."
    )

    def handle(self, *args, **options):
        if options["dryrun"]:
            return super().handle(*args, **options)
        failures = self.unpublish_expired() + self.publish_due()
        if failures:
            raise CommandError(
                f"Scheduled changes that failed: {failures} (listed above); the rest were made."
            )

    def unpublish_expired(self):
        """Unpublish each live object whose expiry time has passed; the number that failed."""
        now = timezone.now()
        expired = [
            obj
            for model in models_with_expiry()
            for obj in model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at")
        ]
        failures = 0
        for obj in expired:
            content_type = obj.get_content_type()
            failures += not self.apply(
                f"unpublish “{obj}” ({content_type.name} {obj.pk}, revision {obj.live_revision_id})",
                content_type.model_class(),
                obj.unpublish,
                set_expired=True,
                log_action="wagtail.unpublish.scheduled",
            )
        return failures

    def publish_due(self):
        """Publish each revision whose approved go-live time has passed; the number that failed."""
        due = Revision.objects.filter(approved_go_live_at__lt=timezone.now()).order_by("approved_go_live_at")
        failures = 0
        for revision in due:
            content_type = revision.content_type
            failures += not self.apply(
                f"publish “{revision.object_str}” ({content_type.name} {revision.object_id}, "
                f"revision {revision.pk})",
                content_type.model_class(),
                revision.publish,
                log_action="wagtail.publish.scheduled",
            )
        return failures

    def apply(self, action, model, change, **kwargs):
        """Run ``change`` in a transaction of its own; if it fails, report ``action`` and return False."""
        try:
            with transaction.atomic():
                change(**kwargs)
        except ValidationError as error:
            self.report(action, validation_problems(model, error))
            return False
        except Exception as error:
            self.report(action, [str(error) or type(error).__name__], exc_info=True)
            return False
        return True

    def report(self, action, reasons, exc_info=False):
        line = f"Could not {action}: {' '.join(reasons)}"
        logger.error(line, exc_info=exc_info)
        self.stderr.write(line)

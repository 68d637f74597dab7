"""What counts as the media storage failing, what an image shown on a page does then, and
leaving a failing object storage alone for a while.

A local folder fails with ``OSError``; S3-compatible object storage with botocore's
errors (refused or timed-out connections, error answers), boto3's (a failed upload) and
s3transfer's (a download whose connection kept dropping, once its retries are spent).
Uploads are refused with a form error while the storage fails (cms/media_forms.py),
document downloads answer 503 (cms/document_downloads.py), and pages render without an
image whose rendition cannot be read or made (below).

Object storage that is down can cost each request to it seconds (a connect timeout,
tried twice), and a page can ask for several new renditions. So every request to the
bucket goes through a circuit breaker (cms/outage_breaker.py), ``storage_breaker``: after
a failure, for ``STORAGE_RETRY_AFTER`` seconds, every request fails at once with
``MediaStorageSkipped`` without touching the network, and the callers above give up as
they do for any storage failure. A local folder fails at once and needs no breaker.
"""

import logging
from contextlib import contextmanager

from boto3.exceptions import Boto3Error
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError
from django.conf import settings
from s3transfer.exceptions import RetriesExceededError
from storages.backends.s3 import S3Storage
from wagtail.images.models import SourceImageIOError

from cms import outage_breaker
from cms.render_failures import note_left_out

logger = logging.getLogger(__name__)

STORAGE_ERRORS = (OSError, BotoCoreError, ClientError, Boto3Error, RetriesExceededError)


@contextmanager
def renditions_or_missing_source(image):
    """Raise any storage failure while renditions of ``image`` are found or made as ``SourceImageIOError``.

    That is the error Wagtail's image template tags expect of a missing file: they put a
    stand-in in place of the rendition (``Rendition.is_stand_in``), which renders as
    nothing, so the page still renders, without that image. The failure is logged. A
    failure that may pass (the storage down) marks the render as one not to keep
    (cms/render_failures.py); a file that is not there is not going to come back by itself.
    """
    try:
        yield
    except STORAGE_ERRORS as error:
        logger.warning("Image %s is left out: its rendition cannot be read or made (%r)", image.pk, error)
        if may_pass(error):
            note_left_out()
        if isinstance(error, SourceImageIOError):
            raise
        raise SourceImageIOError(str(error)) from error


def is_an_outage(error):
    """Whether ``error`` says the storage is unreachable or failing, not answering about one file.

    A refused, dropped or timed-out connection, or a 5xx answer (S3's ``SlowDown``,
    ``InternalError``), is the storage failing; a 4xx answer (a file not found, one key
    refused) is the storage answering, and leaves the breaker closed.
    """
    if isinstance(error, ClientError):
        return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) >= 500
    return isinstance(error, BotoConnectionError | HTTPClientError)


def may_pass(error):
    """Whether the next try may succeed: the storage failing, or left alone after failing."""
    return is_an_outage(error) or isinstance(error, MediaStorageSkipped | RetriesExceededError)


class MediaStorageSkipped(BotoCoreError):
    """Raised in place of a request to the object storage while it is left alone after a failure."""

    fmt = "{reason}"

    def __init__(self, reason):
        super().__init__(reason=reason)


storage_breaker = outage_breaker.outage_breaker(
    name="media storage",
    retry_after=settings.STORAGE_RETRY_AFTER,
    is_outage=is_an_outage,
    logger=logger,
    given_up=(
        "The media storage is failing; it is left alone for the next %s seconds: images not yet "
        "resized are left out of pages, uploads and document downloads are refused."
    ),
    back="The media storage answers again.",
)


class GuardedClient:
    """Put first among the bases of the storage's S3 client class: every request through ``storage_breaker``.

    Every operation of a botocore client, and so of boto3's resources and transfers
    (uploads, downloads), is one ``_make_api_call``.
    """

    def _make_api_call(self, operation_name, api_params):
        return outage_breaker.guarded(
            storage_breaker, MediaStorageSkipped, super()._make_api_call, operation_name, api_params
        )


def guard_client_class(base_classes, **kwargs):
    base_classes.insert(0, GuardedClient)


class GuardedS3Storage(S3Storage):
    """django-storages' S3 storage whose every request to the bucket goes through ``storage_breaker``.

    botocore builds a client's class when the client is made, and lets a session add base
    classes to it (the ``creating-client-class`` event); the storage makes its clients
    from the session made here.
    """

    def _create_session(self):
        session = super()._create_session()
        session.events.register("creating-client-class.s3", guard_client_class)
        return session

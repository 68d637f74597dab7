"""What counts as the media storage failing, and what an image shown on a page does then.

A local folder fails with ``OSError``; S3-compatible object storage with botocore's
errors (refused or timed-out connections, error answers) and boto3's (a failed upload).
Uploads are refused with a form error while the storage fails (cms/media_forms.py);
pages render without an image whose rendition cannot be read or made (below).
"""

import logging
from contextlib import contextmanager

from boto3.exceptions import Boto3Error
from botocore.exceptions import BotoCoreError, ClientError
from wagtail.images.models import SourceImageIOError

from cms.render_failures import note_left_out

logger = logging.getLogger(__name__)

STORAGE_ERRORS = (OSError, BotoCoreError, ClientError, Boto3Error)


@contextmanager
def renditions_or_missing_source(image):
    """Raise any storage failure while renditions of ``image`` are found or made as ``SourceImageIOError``.

    That is the error Wagtail's image template tags expect of a missing file: they put a
    stand-in in place of the rendition (``Rendition.is_stand_in``), which renders as
    nothing, so the page still renders, without that image. The failure is logged.
    """
    try:
        yield
    except STORAGE_ERRORS as error:
        logger.warning("Image %s is left out: its rendition cannot be read or made (%r)", image.pk, error)
        note_left_out()
        if isinstance(error, SourceImageIOError):
            raise
        raise SourceImageIOError(str(error)) from error

"""The admin's image and document forms, refusing an upload while the media storage is failing.

Every way an editor adds a file (the add and edit forms, the chooser's upload tab, the
multiple uploader's first and last steps) validates one of these forms before anything
is stored, so asking the storage there turns an outage into an error on the form, with
everything the editor typed kept, instead of a server error. ``DocumentForm`` is
``WAGTAILDOCS_DOCUMENT_FORM_BASE``; ``ImageForm`` is the base of the form
``WAGTAILIMAGES_IMAGE_FORM_BASE`` names (``cms.image_permissions.ImageForm``).

The question goes through the object storage's circuit breaker like every other request
(cms/storage_failures.py): while the storage is left alone after a failure, the error
comes at once, without a request.
"""

import logging

from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from cms.storage_failures import STORAGE_ERRORS

logger = logging.getLogger(__name__)

# Nothing is stored under this name: asking whether it exists costs the storage one small request.
PROBE_NAME = "storage-check"

STORAGE_UNAVAILABLE = _(
    "The file could not be stored because the media storage is not answering. "
    "Nothing was saved: please try again in a few minutes."
)


class StorageCheckedForm:
    """Adds an error when a file is about to be stored and the storage does not answer.

    Asked last, once the file has passed every other check (type, size, extension), so
    a file that would be refused anyway is refused for its own fault.
    """

    def full_clean(self):
        super().full_clean()
        if not (self.is_bound and self.stores_a_file()):
            return
        try:
            self.instance.file.storage.exists(PROBE_NAME)
        except STORAGE_ERRORS as error:
            logger.warning("Upload refused: the media storage is failing (%r)", error)
            self.add_error("file" if "file" in self.fields else None, STORAGE_UNAVAILABLE)

    def stores_a_file(self):
        """A valid new upload, or a new item whose file the view adds after validation (multiple uploads)."""
        if "file" in self.fields:
            return "file" in self.changed_data and not self.has_error("file")
        return self.instance._state.adding


class ImageForm(StorageCheckedForm, BaseImageForm):
    pass


class DocumentForm(StorageCheckedForm, BaseDocumentForm):
    pass

"""Document downloads (Wagtail's view) answering a plain 503 while the media storage fails.

Wagtail's ``serve`` view applies a document's privacy (its collection's view
restrictions, through the ``before_serve_document`` hooks) and only then reads the file
from the media storage (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``). This view, served
at the same address under the same URL name (cms/urls.py), calls Wagtail's unchanged, so
who may download what stays Wagtail's decision. Only a storage failure is answered
differently: instead of a server error, a page saying the file cannot be downloaded
now, with ``Retry-After`` the pause the storage is then left alone for
(cms/storage_failures.py). A document whose file is gone from the storage is a 404.
"""

import logging

from django.http import Http404
from django.shortcuts import render
from wagtail.documents.views.serve import serve as wagtail_serve

from cms.storage_failures import STORAGE_ERRORS, storage_breaker

logger = logging.getLogger(__name__)


def serve(request, document_id, document_filename):
    """Wagtail's document ``serve``, with a 503 page when the storage fails to give the file."""
    try:
        return wagtail_serve(request, document_id, document_filename)
    except FileNotFoundError as error:
        raise Http404("The document's file is not in the media storage.") from error
    except STORAGE_ERRORS as error:
        logger.warning("Document %s not downloaded: the media storage is failing (%r)", document_id, error)
        response = render(request, "cms/document_unavailable.html", status=503)
        response["Retry-After"] = str(int(storage_breaker.reset_timeout))
        return response

"""Uploaded images served from MEDIA_ROOT by Django, when no front web server does it.

Only the image library's folders are served: originals and their renditions, which
every visitor may see. Documents live in MEDIA_ROOT too, but are served through
Wagtail's view (its privacy rules and download headers), and the multiple uploader's
pending files are private. Files are sent as Wagtail sends documents: no type sniffing
and a policy that lets nothing in them run. Object storage (``AWS_STORAGE_BUCKET_NAME``)
serves its own URLs, so nothing is routed here then.
"""

import posixpath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import Http404
from django.urls import re_path
from django.utils.cache import patch_cache_control
from django.views.static import serve

# Wagtail's folders for original images and their renditions.
IMAGE_FOLDERS = ("original_images/", "images/")


def serve_image_file(request, path):
    """One image file from MEDIA_ROOT, answering conditional requests with 304 Not Modified."""
    path = posixpath.normpath(path)
    if not path.startswith(IMAGE_FOLDERS):
        raise Http404
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:  # a name the file system refuses to look up (too long) is no file
        raise Http404 from error
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    patch_cache_control(response, public=True, max_age=settings.MEDIA_CACHE_SECONDS)
    return response


def media_urlpatterns():
    """The route for MEDIA_URL, or none: with object storage, or when the front web server serves media."""
    if not (settings.SERVE_MEDIA and isinstance(storages["default"], FileSystemStorage)):
        return []
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.*)$", serve_image_file, name="media")]

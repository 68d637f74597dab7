"""Renders that left something out because a part failed: never to be reused.

A page rendered while the media storage was failing is served without the image it
could not show (cms/storage_failures.py). That is right for the visitor who asked, but
such a page must not be kept: the page cache does not store it, and the page fragments
stored while it rendered are retired (cms/cache.py), so the page is whole again as soon
as the part is back.
"""

from contextvars import ContextVar

_left_out = ContextVar("render_left_something_out", default=False)


def note_left_out():
    """Called where a render leaves something out because a part failed."""
    _left_out.set(True)


def left_out_something():
    return _left_out.get()


def start_render():
    """Called when a request starts, so one request's failure never marks the next."""
    _left_out.set(False)

"""Checking pages before Wagtail's bulk "Publish" puts their drafts live.

The editor's own Publish button validates the form first; bulk publish does not,
so a draft missing a required field or its medical review would either go live
incomplete or stop the whole action with a server error (wagtail/wagtail#14253).
``bulk_publish_problems`` runs the checks that publishing a page one by one runs,
so the bulk action can refuse with a message instead.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def publish_problems(page):
    """Why ``page``'s latest draft cannot go live, as a list of "Field: message" strings (empty if it can)."""
    draft = page.get_latest_revision_as_object()
    draft.live = True
    try:
        draft.full_clean()
    except ValidationError as error:
        return [
            message if field == NON_FIELD_ERRORS else f"{_label(draft, field)}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def _label(page, field_name):
    try:
        return str(page._meta.get_field(field_name).verbose_name).capitalize()
    except LookupError:
        return field_name


def bulk_publish_problems(pages, include_descendants=False):
    """{page: problems} for each page a bulk publish would put live that cannot go live.

    With ``include_descendants``, the pages' unpublished descendants are checked too.
    """
    candidates = list(pages)
    if include_descendants:
        for page in pages:
            candidates += page.get_descendants().not_live().specific()
    problems = {page: publish_problems(page) for page in candidates}
    return {page: found for page, found in problems.items() if found}

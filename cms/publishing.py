"""Why a page cannot go live, in words an editor can act on.

Publishing validates a page as live (``cms.models.mixins.PublishRequirementsMixin``).
The editor's own Publish button validates the form first; the other ways to publish
do not, so a draft missing a required field or its medical review would go live
incomplete, stop the action with a server error (wagtail/wagtail#14253), or stop a
scheduled run. ``publish_problems`` runs the checks publishing runs, so bulk publish
(``bulk_publish_problems``) and workflow approval (``cms.workflow_approval``) can refuse
with a message instead; ``validation_problems`` words an error publishing raised
(``cms/management/commands/publish_scheduled.py``).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def publish_problems(page):
    """Why ``page``'s latest draft cannot go live, as a list of "Field: message" strings (empty if it can)."""
    draft = page.get_latest_revision_as_object()
    draft.live = True
    draft.live_revision = page.get_latest_revision() or draft.live_revision  # as publishing sets it
    try:
        draft.full_clean()
    except ValidationError as error:
        return validation_problems(type(draft), error)
    return []


def validation_problems(model, error):
    """``error`` from validating a ``model`` instance, as "Field: message" strings with the form's labels."""
    if not hasattr(error, "error_dict"):
        return error.messages
    return [
        message if field == NON_FIELD_ERRORS else f"{_label(model, field)}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    ]


def _label(model, field_name):
    try:
        return str(model._meta.get_field(field_name).verbose_name).capitalize()
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

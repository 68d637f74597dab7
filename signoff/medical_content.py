"""Which of a page's fields are its medical content, and a fingerprint of them.

Each medically reviewed page type lists its medical fields in ``medical_fields``
(``signoff.models.MedicalReviewMixin``): a change to any of them needs a clinician's
new sign-off before it goes live; a change to anything else (SEO title, description,
social image, tags, no-index, category) does not. The fingerprint is taken from the
page's serialised content, the form Wagtail keeps in a revision, so a live page, a
draft and a stored revision compare alike; StreamField block ids, the order of
many-to-many choices and the block keys the rich text editor adds to paragraphs
(``data-block-key``, new ones each time text without them passes through it) are left
out, since they change nothing a reader sees; so is the wrapping of list items, which
the page editor saves as ``{"type": "item", "value": ...}`` and content written by code
(the demo loader, an import) as plain values. Recorded sign-offs store it, so a change
to how it is computed comes with a migration computing theirs again (signoff.0004).
"""

import hashlib
import json
import re

BLOCK_KEY = re.compile(r'\s+data-block-key="[^"]*"')


def medical_values(content, fields):
    """``content`` (``serializable_data()`` or a revision's content) reduced to ``fields``, normalised."""
    return {name: _normalised(content.get(name)) for name in fields}


def fingerprint(content, fields):
    """A hash that changes exactly when one of ``fields`` changes in ``content``."""
    text = json.dumps(medical_values(content, fields), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _normalised(value):
    if isinstance(value, str) and value.startswith("["):
        try:
            value = json.loads(value)  # a StreamField, stored as JSON text
        except ValueError:
            return value
    if isinstance(value, list) and all(isinstance(item, int) for item in value):
        return sorted(value)  # many-to-many choices
    return without_ids(value)


def without_ids(data):
    """Stream data as a reader sees it: no block ids, list items' wrapping or the editor's paragraph keys."""
    if isinstance(data, dict):
        return {key: without_ids(item) for key, item in data.items() if key != "id"}
    if isinstance(data, list):
        return [without_ids(unwrapped(item)) for item in data]
    if isinstance(data, str):
        return BLOCK_KEY.sub("", data)
    return data


def unwrapped(item):
    """A list block's item as its value: ``{"type": "item", "value": v, "id": ...}`` is ``v``.

    No stream block of the project is named "item", so a stream's children never look like this.
    """
    if isinstance(item, dict) and item.get("type") == "item" and set(item) <= {"type", "value", "id"}:
        return item.get("value")
    return item

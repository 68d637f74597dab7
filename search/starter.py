"""The starter vocabulary: synonym groups every clinic site begins with (search/starter_synonyms.toml).

They are ordinary synonym groups, which SEO staff may change or delete. Each is
known by its note: loading adds the groups whose note no group has yet, and leaves
every other group, edited or not, as it is. A new site gets them from migration
search.0007; an existing one with ``manage.py load_starter_synonyms``.
"""

import tomllib
from pathlib import Path

from .models import SynonymGroup

STARTER_FILE = Path(__file__).with_name("starter_synonyms.toml")


def starter_groups():
    """``[(note, [term, ...])]`` from the starter file."""
    with STARTER_FILE.open("rb") as file:
        return [(group["note"], group["terms"]) for group in tomllib.load(file)["group"]]


def load_starter_synonyms(model=SynonymGroup):
    """Add the starter groups not loaded yet (by note); return how many were added.

    ``model`` is the synonym group model to write: a migration passes its historical one.
    """
    existing = set(model.objects.values_list("note", flat=True))
    new = [
        model(note=note, terms="\n".join(terms)) for note, terms in starter_groups() if note not in existing
    ]
    model.objects.bulk_create(new)
    return len(new)

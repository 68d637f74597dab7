"""A visitor's search request read from the query string, with anything invalid dropped."""

import re
from dataclasses import dataclass

from django.http import QueryDict
from taggit.models import Tag

from .result_types import RESULT_TYPES, ResultType
from .text import display_text, normalise_query

_PAGE_NUMBER = re.compile(r"\d+")
#: Page numbers are read to this many digits: any longer one is past the last page anyway.
_PAGE_DIGITS = 9
_TAG_SLUG = re.compile(r"[-\w]{1,100}")


@dataclass(frozen=True)
class SearchParams:
    """A visitor's search request, cleaned: anything invalid is dropped rather than rejected."""

    text: str = ""
    type: ResultType = None
    tag: Tag = None
    page: int = 1
    #: Search for the words as typed, taking none for a typo.
    as_typed: bool = False

    @classmethod
    def from_query_dict(cls, data):
        kinds = {kind.key: kind for kind in RESULT_TYPES}
        tag_slug = str(data.get("tag", ""))
        page = str(data.get("page", ""))
        return cls(
            text=display_text(data.get("q", "")),
            type=kinds.get(str(data.get("type", ""))),
            tag=Tag.objects.filter(slug=tag_slug).first() if _TAG_SLUG.fullmatch(tag_slug) else None,
            page=max(int(page[:_PAGE_DIGITS]), 1) if _PAGE_NUMBER.fullmatch(page) else 1,
            as_typed=data.get("as_typed") == "1",
        )

    @property
    def normalised(self):
        return normalise_query(self.text)

    @property
    def query_dict(self):
        """These parameters as cleaned, for links to other pages and filters of the same search.

        Links repeat the cleaned query, never the raw one (which may be huge or hold NULs),
        and no unknown filter.
        """
        query = QueryDict(mutable=True)
        for name, value in (
            ("q", self.text),
            ("type", self.type and self.type.key),
            ("tag", self.tag and self.tag.slug),
            ("as_typed", "1" if self.as_typed else ""),
        ):
            if value:
                query[name] = value
        return query

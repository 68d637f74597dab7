"""When a page was first published and last updated, as visitors and search engines are told.

Both come from Wagtail's own record of publishing, never from a date typed beside the
copy: ``first_published_at`` (set by the first publish, and kept when a page is
imported or moved) and ``last_published_at``. An editor may move the first date back,
to when copy brought in from elsewhere was really first published, never forward.
So a page pasted in from 2019 says "First published 1 July 2019 · Updated ..." and
old copy never looks new.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


def local_date(moment):
    return timezone.localdate(moment) if moment else None


def publication_dates(page, first_published=None):
    """``(first published, updated)`` as dates; ``updated`` is None unless it is a later day.

    ``first_published`` overrides the page's first publication when the page type keeps
    its own publication date (an article's ``date``). A page never published has neither.
    """
    first = first_published or local_date(page.first_published_at)
    updated = local_date(page.last_published_at)
    return first, updated if first and updated and updated > first else None


class BackDatedPublicationMixin:
    """Lets editors set when a page was first published (on the Settings tab), never in the future.

    Wagtail keeps a revision's ``first_published_at`` when it publishes it, so the
    date an editor gives stays through every later publish.
    """

    first_published_panel = FieldPanel(
        "first_published_at",
        heading=_("First published"),
        help_text=_(
            "When this page's copy was first published, if earlier than on this site (for example "
            "copy brought in from an old site). Leave it as it is otherwise; it cannot be in the future."
        ),
    )

    def clean(self):
        super().clean()
        if self.first_published_at and self.first_published_at > timezone.now():
            raise ValidationError({"first_published_at": _("The first publication cannot be in the future.")})

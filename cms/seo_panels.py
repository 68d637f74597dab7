"""The Promote tab's search-result preview: the title and description as they will render, measured.

The panel shows, on page load, what ``cms.seo`` (the SEO report and ``<title>``) will
print for the page as saved in its latest draft, with the same limits; the script
``static/js/seo-snippet.js`` then recomputes it as the editor types, from the data
attributes the template gives it (clinic name, separator, limits, fallback text).
"""

import json

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from cms.seo import (
    DESCRIPTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    TITLE_SEPARATOR,
    clinic_names_by_page,
    document_title,
    effective_description,
)


def site_page(page, form):
    """A saved page standing for ``page`` in its site: the page itself, or a new page's parent."""
    if page.pk:
        return page
    return getattr(form, "parent_page", None)


def snippet_url(page, owner, request):
    """The address shown in the preview, and what comes before the slug ("" if the slug does not count).

    Built from the parent's address and the slug as edited, so a draft's new slug shows;
    a page at the root of its site keeps its address whatever its slug.
    """
    if owner is None:
        return "", ""
    if owner is page and page.is_site_root():
        return page.get_full_url(request) or "", ""
    parent = page.get_parent() if owner is page else owner
    base = parent.get_full_url(request) if parent is not None else None
    if not base:
        return (page.get_full_url(request) or "") if page.pk else "", ""
    return (f"{base}{page.slug}/" if page.slug else base), base


# Counter texts by state; "{count}" and "{max}" are filled in here and by the script.
COUNTER_TEXTS = {
    "ok": _("{count} / {max} characters: fits"),
    "too-long": _("{count} / {max} characters: too long"),
    "missing": _("{count} / {max} characters: missing"),
}
# What the description note says; "{field}" is the summary field's name.
DESCRIPTION_NOTES = {
    "own": _("Your search description is used."),
    "fallback": _("No search description, so the {field} is used (shown in the preview)."),
    "fallback-empty": _(
        "No search description and no {field} yet: search engines will pick text from the page."
    ),
    "none": _("No search description: search engines will pick text from the page."),
}


def length_state(length, maximum):
    return "too-long" if length > maximum else ("missing" if length == 0 else "ok")


def counter_text(length, maximum):
    return str(COUNTER_TEXTS[length_state(length, maximum)]).format(count=length, max=maximum)


def description_note(page, description, field_label):
    if (page.search_description or "").strip():
        return DESCRIPTION_NOTES["own"]
    if not field_label:
        return DESCRIPTION_NOTES["none"]
    key = "fallback" if description else "fallback-empty"
    return str(DESCRIPTION_NOTES[key]).format(field=field_label)


def shortened(text, maximum):
    """``text`` as a search result shows it: cut at ``maximum`` characters, with an ellipsis."""
    return text if len(text) <= maximum else text[:maximum].rstrip() + "…"


class SearchSnippetPanel(Panel):
    """Live lengths of the SEO title and description as search results show them, and a preview."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("How it shows in search results"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/panels/search_snippet_panel.html"

        class Media:
            js = ["js/seo-snippet.js"]
            css = {"all": ["css/seo-snippet.css"]}

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            owner = site_page(page, self.form)
            clinic_name = clinic_names_by_page([owner])[owner.pk] if owner is not None else ""
            title = document_title(page, clinic_name)
            description = effective_description(page)
            fallback = (page.get_summary_text() or "").strip()
            url, url_base = snippet_url(page, owner, self.request)
            field_label = self.summary_label(page)
            context.update(
                clinic_name=clinic_name,
                separator=TITLE_SEPARATOR,
                title_max=TITLE_MAX_LENGTH,
                title_state=length_state(len(title), TITLE_MAX_LENGTH),
                title_count=counter_text(len(title), TITLE_MAX_LENGTH),
                title_preview=shortened(title, TITLE_MAX_LENGTH),
                description_max=DESCRIPTION_MAX_LENGTH,
                description_state=length_state(len(description), DESCRIPTION_MAX_LENGTH),
                description_count=counter_text(len(description), DESCRIPTION_MAX_LENGTH),
                description_preview=shortened(description, DESCRIPTION_MAX_LENGTH),
                description_note=description_note(page, description, field_label),
                fallback=fallback,
                summary_field=page.summary_field,
                summary_label=field_label,
                url=url,
                url_base=url_base,
                texts_json=json.dumps(
                    {
                        "counter": {state: str(text) for state, text in COUNTER_TEXTS.items()},
                        "note": {key: str(text) for key, text in DESCRIPTION_NOTES.items()},
                    }
                ),
            )
            return context

        def summary_label(self, page):
            """The summary field's name as the Content tab labels it, e.g. 'summary' or 'introduction'."""
            if not page.summary_field:
                return ""
            return str(page._meta.get_field(page.summary_field).verbose_name)

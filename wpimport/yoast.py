"""Yoast SEO's fields on a post, as the values of the Promote tab's fields.

Yoast stores titles as templates (``%%title%% %%sep%% %%sitename%%``). The ones a
post's own values answer are resolved; the rest (page numbers, dates, custom fields)
are removed, with any separator left dangling, so no ``%%`` ever reaches a page.
"""

import re

from .content import plain_text

VARIABLE = re.compile(r"%%([A-Za-z0-9_]+)%%")
SEPARATOR = "\u2013"
SEPARATORS = "-\u2013\u2014|\u00b7\u2022:~"


def resolve(template, values):
    """``template`` with each known ``%%name%%`` replaced by ``values[name]`` and unknown ones removed."""
    text = VARIABLE.sub(lambda match: values.get(match.group(1).lower(), ""), template or "")
    text = " ".join(text.split())
    # A removed variable can leave a separator at either end or two in a row.
    pattern = rf"\s*[{re.escape(SEPARATORS)}]\s*"
    text = re.sub(rf"(?:{pattern}){{2,}}", f" {SEPARATOR} ", text)
    return re.sub(rf"^(?:{pattern})+|(?:{pattern})+$", "", text).strip()


def seo_fields(item, title, site_name, excerpt=""):
    """``(fields, notes)``: the SEO title, search description, canonical URL and no-index of ``item``."""
    categories = [term.name for term in item.terms_of("category")]
    values = {
        "title": title,
        "sitename": site_name,
        "sep": SEPARATOR,
        "excerpt": excerpt,
        "excerpt_only": excerpt,
        "category": ", ".join(categories),
        "primary_category": categories[0] if categories else "",
        "sitedesc": "",
    }
    meta, notes = item.meta, []
    seo_title = plain_text(resolve(meta.get("_yoast_wpseo_title", ""), values))[:255]
    description = plain_text(resolve(meta.get("_yoast_wpseo_metadesc", ""), values))
    canonical = meta.get("_yoast_wpseo_canonical", "").strip()
    if canonical and not re.match(r"https?://[^\s/]+\.[^\s]+$", canonical):
        notes.append(f"Yoast canonical {canonical!r} is not a full address; left out.")
        canonical = ""
    elif len(canonical) > 200:
        notes.append("Yoast canonical is longer than the 200 characters the field holds; left out.")
        canonical = ""
    fields = {
        "seo_title": "" if seo_title == title else seo_title,
        "search_description": description,
        "canonical_url": canonical,
        "no_index": meta.get("_yoast_wpseo_meta-robots-noindex", "").strip() == "1",
    }
    return fields, notes

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(text, terms):
    """``text`` escaped, with each of ``terms`` (words or phrases) wrapped in ``<mark>``."""
    text = str(text or "")
    if not terms:
        return escape(text)
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    parts = re.split(rf"\b({alternatives})\b", text, flags=re.IGNORECASE)
    # re.split with one group alternates: text, match, text, match, ..., text.
    marked = [format_html("<mark>{}</mark>", part) if n % 2 else escape(part) for n, part in enumerate(parts)]
    return mark_safe("".join(marked))  # every piece is escaped above

"""``{% page_checks_panel page %}``: the page checks section of the editor's Checks side panel."""

from django import template

from cms.page_checks_panel import panel_context

register = template.Library()


@register.inclusion_tag("cms/page_checks_panel.html")
def page_checks_panel(page=None):
    """The page's checks as last saved; nothing for a snippet or a page not yet saved."""
    return panel_context(page)

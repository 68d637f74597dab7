from django import template

from signoff.changes import medical_changes as changes_of

register = template.Library()


@register.simple_tag
def medical_changes(page):
    """The medical fields of ``page``'s latest revision against its last signed-off version."""
    return changes_of(page.specific)

from django import template

from signoff.changes import medical_changes as changes_of

register = template.Library()


@register.simple_tag
def medical_changes(page):
    """``page``'s medical changes since its last sign-off: ``changed`` ones and ``unchanged`` labels."""
    changes = changes_of(page.specific)
    return {
        "changed": [change for change in changes if change.changed],
        "unchanged": [change.label for change in changes if not change.changed],
    }

"""The editor's read-only view of a page's medical review: the current sign-off and its history."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class SignOffPanel(Panel):
    """Shows who signed off the page and when, with the sign-offs before; nothing in it is editable."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Medical sign-off"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "signoff/sign_off_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context.update(page=page, sign_offs=page.sign_off_history if page.pk else [])
            return context

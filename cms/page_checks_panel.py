"""The page checks (``cms.page_checks``) in the page editor's Checks side panel.

Wagtail's Checks panel runs its accessibility and content checks in the browser, on
the preview. The page checks need the database (other pages' titles, linked pages,
images), so the panel template (``wagtailadmin/shared/side_panels/checks.html``,
extending Wagtail's) adds their list, computed on the server: on page load from the
latest revision, and again whenever the preview updates, from the form data the
preview stored (``PageChecksView``, fetched by ``static/js/page-checks.js``).
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.pages.preview import PreviewOnEditView

from cms.page_checks import page_problems

FROM_REVISION = _("Checked as last saved.")
FROM_PREVIEW = _("Checked as shown in the preview.")
PREVIEW_INVALID = _("The form has errors, so these are the checks of the page as last saved.")


def checks_list_context(page, source):
    """What ``cms/page_checks_list.html`` shows for ``page``, described as checked from ``source``."""
    problems = page_problems(page) if page.pk else None
    return {"problems": problems, "source": source}


def panel_context(page):
    """The panel's context: the page's checks as last saved, and where to fetch them again."""
    if page is None or not page.pk:
        return {"page": None, "problems": None}
    return {
        **checks_list_context(page, FROM_REVISION),
        "page": page,
        "refresh_url": reverse("cms_page_checks", args=[page.pk]),
    }


class PageChecksView(PreviewOnEditView):
    """The checks list for the page as the preview last received it from the edit form.

    Reads the form data Wagtail's preview stored for this user and page, as the preview
    itself does; with none, or with invalid data, the latest revision is checked.
    """

    http_method_names = ("get",)

    def get(self, request, *args, **kwargs):
        form_state = self._get_form_state()
        source = FROM_REVISION
        if form_state:
            form = self.get_form(self._get_form_data(form_state))
            if self.validate_form(form):
                form.save(commit=False)
                source = FROM_PREVIEW
            else:
                self.object = self.get_object()
                source = PREVIEW_INVALID
        html = render_to_string(
            "cms/page_checks_list.html", checks_list_context(self.object, source), request=request
        )
        return HttpResponse(html)

"""Page passwords (Wagtail's password view restrictions), throttled as admin sign-in is.

Wagtail checks a page password in its own view, with no limit on tries. This view,
served at the same address under the same URL name (cms/urls.py), keeps the count in
django-axes: each wrong password is reported to it as a failed sign-in whose
"username" names the restriction, so its lockout settings apply unchanged
(AXES_FAILURE_LIMIT wrong tries for one restriction from one address lock that pair
for AXES_COOLOFF_TIME). While locked, every try is refused, the right password too,
and counted, as sign-in does. django-axes' lockout callable (cms.security.lockout_response)
answers with this module's 429 page.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_lockout_response
from django.conf import settings
from django.shortcuts import get_object_or_404, render
from wagtail import views as wagtail_views
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import PageViewRestriction

# A ":" cannot appear in a Django username, so no account shares a lock with a page.
USERNAME_PREFIX = "page-password:"


def restriction_credentials(restriction):
    """The credentials django-axes counts a page password's tries under."""
    return {"username": f"{USERNAME_PREFIX}{restriction.pk}"}


def is_page_password(credentials):
    return str((credentials or {}).get("username", "")).startswith(USERNAME_PREFIX)


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's ``authenticate_with_password``, refusing every try while django-axes holds a lock."""
    if request.method == "POST":
        restriction = get_object_or_404(PageViewRestriction, pk=page_view_restriction_id)
        credentials = restriction_credentials(restriction)
        allowed = AxesProxyHandler.is_allowed(request, credentials)
        # Checked here to count the try; Wagtail's view checks it again to let the visitor in.
        if allowed and PasswordViewRestrictionForm(request.POST, instance=restriction).is_valid():
            if settings.AXES_RESET_ON_SUCCESS:
                AxesProxyHandler.reset_attempts(
                    ip_address=request.axes_ip_address, username=credentials["username"]
                )
        else:
            AxesProxyHandler.user_login_failed(sender=__name__, credentials=credentials, request=request)
            if not allowed or request.axes_locked_out:
                return get_lockout_response(request, None, credentials)
    return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)


def lockout_response(request):
    """429 on the public site's look, saying how long the page's password is refused for."""
    cool_off = get_cool_off(request)
    context = {"cool_off_minutes": int(cool_off.total_seconds() // 60)}
    response = render(
        request, "cms/page_password_lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response

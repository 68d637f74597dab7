"""Security wiring that settings alone cannot express: the per-path CSP and the lockout pages."""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off, get_failure_limit
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.shortcuts import render

from cms import page_passwords
from cms.admin_requests import admin_prefix


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the policy by who is looking.

    Visitors get ``CONTENT_SECURITY_POLICY``: nothing inline, nothing from elsewhere.
    The Wagtail admin, and public pages seen by a signed-in editor (they carry the
    Wagtail user bar and its accessibility checker), get ``ADMIN_CONTENT_SECURITY_POLICY``:
    the admin's own templates print inline ``<script>`` initialisers and its page
    editor applies inline styles, so it cannot work without 'unsafe-inline'.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and needs_admin_policy(request):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


def needs_admin_policy(request):
    # request.user is absent on page-cache hits, which are anonymous by definition.
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return signed_in or request.path_info.startswith(admin_prefix())


def lockout_response(request, original_response, credentials):
    """django-axes' lockout page: the admin's sign-in look, HTTP 429, and when to try again.

    A locked page password (cms/page_passwords.py) gets the public site's page instead.
    """
    if page_passwords.is_page_password(credentials):
        return page_passwords.lockout_response(request)
    cool_off_minutes = int(get_cool_off(request).total_seconds() // 60)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cool_off_minutes": cool_off_minutes,
    }
    return render(request, "cms/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


class RequestOptionalAxesBackend(AxesStandaloneBackend):
    """For test settings only: Django's test client ``login()`` authenticates without a request.

    Such a login is code running on the server, not a web sign-in, so there is no client
    to lock out; every sign-in through a view still goes through django-axes.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

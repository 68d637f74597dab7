"""Deployment checks, security headers, Content-Security-Policy and the admin sign-in lockout."""

import json

import pytest
from bs4 import BeautifulSoup

from tests.cms.production import run_manage_py
from tests.factories import TreatmentPageFactory

PRODUCTION_SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_REPORT_ONLY",
]


def policy(response, header="Content-Security-Policy"):
    """A CSP header as {directive: [sources]}."""
    directives = (part.split() for part in response[header].split(";") if part.strip())
    return {name: sources for name, *sources in directives}


# Production settings


def test_deploy_checks_pass_under_production_settings():
    """``check --deploy --fail-level WARNING`` is clean, as CI requires."""
    result = run_manage_py("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    """A missing DJANGO_SECRET_KEY stops production settings loading, loudly."""
    result = run_manage_py("check", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.fixture(scope="module")
def production_security_settings():
    """The security settings production.py ends up with, read in a subprocess."""
    names = json.dumps(PRODUCTION_SECURITY_SETTINGS)
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {names}}}))"
    )
    result = run_manage_py("shell", "-c", script)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def production_like(settings, production_security_settings):
    """This process with production's security settings (requests must then be HTTPS)."""
    for name, value in production_security_settings.items():
        setattr(settings, name, value)


def test_production_enforces_the_content_security_policy(production_security_settings):
    """Production sends an enforced policy, not a report-only one."""
    assert production_security_settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["script-src"] == ["'self'"]
    assert production_security_settings["CONTENT_SECURITY_POLICY_REPORT_ONLY"] is None


def test_production_redirects_plain_http_to_https(client, production_like, home_page):
    """Every plain-HTTP request is sent to HTTPS."""
    response = client.get("/", secure=False)
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_public_page_carries_the_security_headers(client, production_like, treatment):
    """HSTS, nosniff, Referrer-Policy, framing and CSP headers are on every public page."""
    response = client.get(treatment.url, secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert policy(response)["frame-ancestors"] == ["'none'"]


def test_admin_cookies_are_secure_in_production(client, production_like, django_user_model):
    """After signing in over HTTPS, the session and CSRF cookies are Secure and the session HttpOnly."""
    django_user_model.objects.create_superuser("editor", "editor@example.com", "correct-horse-battery")
    client.get("/admin/login/", secure=True)
    client.post("/admin/login/", {"username": "editor", "password": "correct-horse-battery"}, secure=True)
    session_cookie, csrf_cookie = client.cookies["sessionid"], client.cookies["csrftoken"]
    assert session_cookie["secure"] and csrf_cookie["secure"]
    assert session_cookie["httponly"]


# Content-Security-Policy


def test_public_pages_allow_no_inline_script_or_style(client, treatment):
    """The public policy allows scripts and styles from this site only: no inline code, no eval."""
    directives = policy(client.get(treatment.url))
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]


def test_the_admin_gets_its_own_policy(client, db):
    """The admin's policy adds only what the admin needs: inline scripts and styles, framing its preview."""
    directives = policy(client.get("/admin/login/"))
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]


def test_signed_in_editors_get_the_admin_policy_on_public_pages(admin_client, treatment):
    """Public pages seen by an editor carry the Wagtail user bar, so they get the admin's policy."""
    response = admin_client.get(treatment.url)
    assert b"wagtail-userbar" in response.content
    assert "'unsafe-inline'" in policy(response)["script-src"]


@pytest.mark.parametrize("page_fixture", ["home_page", "treatment_index", "treatment"])
def test_public_html_satisfies_the_policy(client, request, clinic_settings, page_fixture):
    """No inline script (JSON data blocks aside), inline style or event-handler attribute on public pages."""
    page = request.getfixturevalue(page_fixture)
    if page_fixture == "treatment_index":
        TreatmentPageFactory(parent=page)
    response = client.get(page.url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")

    inline_scripts = [
        script
        for script in html.find_all("script", src=False)
        if script.get("type") not in ("application/ld+json", "application/json")
    ]
    assert inline_scripts == []
    assert html.find_all("style") == []
    assert html.find_all(style=True) == []
    handlers = [
        (tag.name, attr) for tag in html.find_all(True) for attr in tag.attrs if attr.startswith("on")
    ]
    assert handlers == []
    assert not html.find_all(href=lambda href: href and href.strip().lower().startswith("javascript:"))


# Admin sign-in lockout (django-axes)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@example.com", "correct-horse-battery", is_superuser=True
    )


def sign_in(client, password, username="editor", address="203.0.113.7"):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_correct_sign_in_before_the_limit_works(client, settings, editor):
    """A few mistakes, then the right password: the editor is in."""
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong-password").status_code == 200
    response = sign_in(client, "correct-horse-battery")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_repeated_failures_lock_sign_in_with_a_clear_message(client, settings, editor):
    """After the limit of wrong passwords, even the right password is refused, with a message saying why."""
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong-password")
    response = sign_in(client, "correct-horse-battery")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many failed sign-in attempts" in text
    assert "15 minutes" in text
    assert "_auth_user_id" not in client.session


def test_lockout_is_for_that_username_from_that_address(client, settings, editor, django_user_model):
    """Another editor, or the same one from another address, can still sign in."""
    django_user_model.objects.create_user(
        "reviewer", "r@example.com", "another-long-password", is_superuser=True
    )
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong-password")
    assert sign_in(client, "another-long-password", username="reviewer").status_code == 302
    client.logout()
    assert sign_in(client, "correct-horse-battery", address="198.51.100.20").status_code == 302


def test_test_client_login_still_works(client, editor):
    """Django's test client ``login()`` (no request object) is not blocked by django-axes."""
    assert client.login(username="editor", password="correct-horse-battery")

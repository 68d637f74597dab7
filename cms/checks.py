"""Deployment checks of settings that Django's own ``check --deploy`` does not know about."""

from django.conf import settings
from django.core.checks import Error
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.utils.module_loading import import_string


def check_mail_settings(app_configs, **kwargs):
    """Mail sent over SMTP needs a server and a from address, or resets and notifications are lost."""
    if not issubclass(import_string(settings.EMAIL_BACKEND), SMTPBackend):
        return []  # mail printed or kept in memory (development, tests) goes nowhere
    errors = []
    if not settings.EMAIL_HOST:
        errors.append(
            Error(
                "No mail server is set: password resets and workflow notifications cannot be sent.",
                hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, "
                "EMAIL_USE_TLS or EMAIL_USE_SSL as the mail provider requires). See docs/mail.md.",
                id="cms.E001",
            )
        )
    if not settings.DEFAULT_FROM_EMAIL:
        errors.append(
            Error(
                "No from address is set for the site's mail.",
                hint="Set DEFAULT_FROM_EMAIL to an address the mail server may send from, "
                "e.g. 'Clinic <website@clinic.example.com>'. See docs/mail.md.",
                id="cms.E002",
            )
        )
    return errors

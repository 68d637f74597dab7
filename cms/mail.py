"""Mail that never breaks the action sending it: each failure is logged, and noted for staff.

Password resets, workflow notifications and comment notifications are sent in the
middle of the request that caused them. Django and Wagtail catch some mail errors but
not all (a mail server that hangs made a workflow submission answer 500), so this
backend catches every one: the action succeeds, the failure is logged (logger
``cms.mail``), and the admin tells the staff member whose action it was
(cms/wagtail_hooks.py). Settings and the deploy check: cms/settings/base.py,
cms/checks.py; docs/mail.md.
"""

import logging
import smtplib
from contextvars import ContextVar

from django.core.mail.backends import smtp

logger = logging.getLogger(__name__)

# The mail failures of the request being handled; None outside a request.
failures_this_request = ContextVar("mail_failures_this_request", default=None)

# An SMTP error after which the connection still works: the server turned one message down.
MESSAGE_REFUSED = (
    smtplib.SMTPResponseException,
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPNotSupportedError,
)


def start_noting_mail_failures(**kwargs):
    """``request_started`` receiver: each request starts with no mail failures."""
    failures_this_request.set([])


def mail_failed_this_request():
    return bool(failures_this_request.get())


def note_failure(error):
    failures = failures_this_request.get()
    if failures is not None:
        failures.append(error)


def connection_lost(error):
    """Whether the connection is no use after ``error`` (a timeout, a reset, a hang-up)."""
    return isinstance(error, OSError) and not isinstance(error, MESSAGE_REFUSED)


class EmailBackend(smtp.EmailBackend):
    """Django's SMTP backend, logging every failure instead of raising it.

    Once the server could not be reached, or the connection to it was lost, the
    connection sends nothing more: Wagtail sends one message per recipient over one
    connection, and each would otherwise wait up to EMAIL_TIMEOUT again.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gave_up = False

    def open(self):
        if self.gave_up:
            return None
        try:
            return super().open()
        except Exception as error:
            self.gave_up = True
            note_failure(error)
            logger.exception("Mail not sent: no connection to the mail server at %s:%s", self.host, self.port)
            return None

    def _send(self, email_message):
        recipients = ", ".join(email_message.recipients())
        if self.gave_up:
            logger.error(
                "Mail %r to %s not sent: the mail server stopped answering", email_message.subject, recipients
            )
            return False
        try:
            return super()._send(email_message)
        except Exception as error:
            note_failure(error)
            logger.exception("Mail %r to %s not sent", email_message.subject, recipients)
            if connection_lost(error):
                self.gave_up = True
                # Closing the socket waits for nothing; a polite QUIT could wait out another timeout.
                self.connection.close()
                self.connection = None
            return False

    def close(self):
        try:
            super().close()
        except Exception:
            logger.warning(
                "Closing the connection to the mail server at %s:%s failed",
                self.host,
                self.port,
                exc_info=True,
            )

"""Email each clinician their pages due for medical review, and the Editors every page due (for cron).

Mail goes through the site's mail settings and backend (``cms.mail``, docs/mail.md):
a failure is logged there, never raised. Here each one is also named in the output,
the rest are still sent, and the command exits 1 at the end if any failed. One
connection serves the whole run, so a mail server that hangs costs one EMAIL_TIMEOUT,
not one per reminder.
"""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError

from cms.mail import logger as mail_logger
from signoff.due import DUE_WITHIN_DAYS
from signoff.reminders import plan_reminders, reminder_message


class Command(BaseCommand):
    help = (
        "Email each clinician (at their linked account's address) the pages they last signed off "
        "that are overdue or due for medical review soon, and each of the Editors every such page. "
        "No one with nothing due is emailed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=DUE_WITHIN_DAYS,
            help=f"Remind of reviews overdue or due within this many days (default {DUE_WITHIN_DAYS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would be emailed about which pages; send nothing."
        )

    def handle(self, *args, days, dry_run, verbosity, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        plan = plan_reminders(days)
        if verbosity >= 1:
            for clinician in plan.not_emailed:
                self.stdout.write(
                    f"{clinician.name} has pages due but no active account with an email address; "
                    "the Editors' email lists them."
                )
        if dry_run:
            for reminder in plan.reminders:
                self.stdout.write(f"Would email {describe(reminder)}")
            self.stdout.write(f"Dry run: {len(plan.reminders)} reminder(s) would be sent; none was sent.")
            return

        failed = 0
        connection = get_connection()
        with mail_errors_logged_in_one_line(), connection:
            for reminder in plan.reminders:
                if connection.send_messages([reminder_message(reminder, days, connection)]):
                    if verbosity >= 2:
                        self.stdout.write(f"Emailed {describe(reminder)}")
                else:
                    failed += 1
                    self.stderr.write(f"Not sent to {describe(reminder)}: {why_not_sent(connection)}")
        sent = len(plan.reminders) - failed
        if verbosity >= 1 or failed:
            self.stdout.write(f"Review reminders: {sent} sent, {failed} not sent.")
        if failed:
            raise CommandError(
                f"{failed} review reminder(s) could not be sent; the mail log (logger cms.mail) says why."
            )


def describe(reminder):
    overdue = f", {reminder.overdue_count} overdue" if reminder.overdue_count else ""
    return f"{reminder.user.email} ({reminder.name}): {len(reminder.due)} page(s) due{overdue}"


def why_not_sent(connection):
    """Why the site's mail backend (``cms.mail``) did not send: it logs each failure instead of raising."""
    if getattr(connection, "gave_up", False):
        return f"no connection to the mail server at {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    return "the mail server turned it down"


class ErrorInsteadOfTraceback(logging.Filter):
    """Puts a logged exception's type and message at the end of the line, in place of its traceback."""

    def filter(self, record):
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = ()
            record.exc_info = record.exc_text = None
        return True


@contextmanager
def mail_errors_logged_in_one_line():
    """While reminders are sent, the mail backend logs each failure in one line.

    Cron mails what the command prints, logs included; a traceback there reads as the
    command having crashed, when it carried on and says what was not sent.
    """
    one_line = ErrorInsteadOfTraceback()
    mail_logger.addFilter(one_line)
    try:
        yield
    finally:
        mail_logger.removeFilter(one_line)

"""``send_review_reminders``: who is emailed about which pages, what the email says, and mail failures.

The failures are real: the command sends through the site's SMTP backend to the test
mail servers of tests/cms/test_mail.py (a server that refuses one address, a port
nothing listens on, a server that never answers).
"""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from signoff.management.commands.send_review_reminders import Command
from signoff.reminders import plan_reminders, reminder_message
from tests.cms import test_mail
from tests.factories import ClinicianFactory
from tests.signoff.due_soon import due_in, page_due, staff

smtp_server = test_mail.smtp_server
refusing_port = test_mail.refusing_port
silent_server = test_mail.silent_server
mail_server_at = test_mail.mail_server_at
broken_mail_server = test_mail.broken_mail_server


def send_reminders(*args):
    """Run the command; its output and error output."""
    out, err = StringIO(), StringIO()
    call_command("send_review_reminders", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def sent_to(address):
    [message] = [message for message in mail.outbox if message.to == [address]]
    return message


def sign_off_url(page):
    return "http://testserver" + reverse("signoff_page", args=[page.pk])


def day(days):
    return f"{due_in(days):%-d %B %Y}"


@pytest.fixture
def clinic(treatment_index, marsh, okafor):
    """Two clinicians with accounts and pages due, one without an account, Editors, and SEO staff."""
    staff("marsh", "Medical reviewers", clinician=marsh)
    staff("okafor", "Medical reviewers", clinician=okafor)
    staff("idle", "Medical reviewers", clinician=ClinicianFactory(name="Dr Idle"))
    staff("ed", "Editors")
    staff("no-address", "Editors", email="")
    staff("left", "Editors", is_active=False)
    staff("seo", "SEO staff")
    return {
        "overdue": page_due(treatment_index, marsh, -3, title="Acne scarring"),
        "soon": page_due(treatment_index, marsh, 20, title="Botox for migraine"),
        "later": page_due(treatment_index, marsh, 45, title="Dermal fillers"),
        "okafor's": page_due(treatment_index, okafor, 5, title="Chemical peels"),
        "no account's": page_due(
            treatment_index, ClinicianFactory(name="Dr Patel"), 10, title="Laser hair removal"
        ),
        "no one's": page_due(treatment_index, None, 1, title="Microneedling"),
    }


def test_each_clinician_and_the_editors_get_one_email_each(clinic):
    """Clinicians with pages due and active Editors with an address get one email; no one else does."""
    out, err = send_reminders()

    assert sorted(address for message in mail.outbox for address in message.to) == [
        "ed@clinic.example.com",
        "marsh@clinic.example.com",
        "okafor@clinic.example.com",
    ]
    assert "Review reminders: 3 sent, 0 not sent." in out
    assert "Dr Patel has pages due but no active account with an email address" in out
    assert err == ""


def test_a_clinicians_email_lists_their_pages_due_with_links_to_their_sign_off(clinic):
    """Their own pages overdue or due within 30 days, soonest first, each with due date and sign-off link."""
    send_reminders()

    message = sent_to("marsh@clinic.example.com")
    assert message.subject == "Medical review: 2 pages due, 1 overdue"
    body = message.body
    assert body.startswith("Hello Dr Eleanor Marsh,")
    assert body.index("Acne scarring") < body.index("Botox for migraine")
    assert f"OVERDUE: was due {day(-3)}\n  {sign_off_url(clinic['overdue'])}" in body
    assert f"Due {day(20)}\n  {sign_off_url(clinic['soon'])}" in body
    assert "Dermal fillers" not in body and "Chemical peels" not in body
    assert "linked to Dr Eleanor Marsh's clinician profile" in body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'<a href="{sign_off_url(clinic["overdue"])}">Acne scarring</a>' in html


def test_the_editors_email_lists_every_page_due_and_who_last_signed_it_off(clinic):
    """Every page due, including those whose clinician cannot be emailed or that no clinician signed off."""
    send_reminders()

    message = sent_to("ed@clinic.example.com")
    assert message.subject == "Medical review: 5 pages due, 1 overdue"
    body = message.body
    for page in ("overdue", "soon", "okafor's", "no account's", "no one's"):
        assert sign_off_url(clinic[page]) in body
    assert "Dermal fillers" not in body
    assert "Last signed off by Dr Patel, MBBS, MRCP" in body
    assert "Not signed off by a clinician" in body
    assert "because you are one of the Editors" in body


def test_an_editor_who_is_a_clinician_gets_one_email_with_their_own_pages_first(
    treatment_index, marsh, okafor
):
    """Their pages under their own heading, then the others; each page once."""
    staff("marsh", "Editors", clinician=marsh)
    mine = page_due(treatment_index, marsh, 8, title="Botox for migraine")
    theirs = page_due(treatment_index, okafor, 2, title="Chemical peels")

    send_reminders()

    [message] = mail.outbox
    body = message.body
    assert body.index("Pages you last signed off") < body.index(sign_off_url(mine))
    assert body.index(sign_off_url(mine)) < body.index("Other pages") < body.index(sign_off_url(theirs))
    assert body.count(sign_off_url(mine)) == 1
    assert "clinician profile and you are one of the Editors" in body


def test_days_widens_the_window(clinic):
    """``--days 60`` reminds of a review due in 45 days too."""
    send_reminders("--days", "60")

    assert sign_off_url(clinic["later"]) in sent_to("marsh@clinic.example.com").body


def test_nothing_is_sent_when_nothing_is_due(treatment_index, marsh):
    """A review due after the window is no reason to email anyone."""
    staff("marsh", "Medical reviewers", clinician=marsh)
    staff("ed", "Editors")
    page_due(treatment_index, marsh, 31)

    out, _err = send_reminders()

    assert mail.outbox == []
    assert "Review reminders: 0 sent, 0 not sent." in out


def test_a_dry_run_says_who_would_be_emailed_and_sends_nothing(clinic):
    """``--dry-run`` lists each reminder (address, name, pages) and sends none."""
    out, _err = send_reminders("--dry-run")

    assert mail.outbox == []
    assert "Would email marsh@clinic.example.com (Dr Eleanor Marsh): 2 page(s) due, 1 overdue" in out
    assert "Would email ed@clinic.example.com (ed): 5 page(s) due, 1 overdue" in out
    assert "Dry run: 3 reminder(s) would be sent; none was sent." in out


def test_reminders_take_the_same_queries_however_many_people_and_pages(
    treatment_index, marsh, okafor, django_assert_max_num_queries
):
    """Planning and writing the emails: no query per clinician, Editor or page."""
    staff("marsh", "Medical reviewers", clinician=marsh)
    staff("ed", "Editors")
    page_due(treatment_index, marsh, 3)
    with CaptureQueriesContext(connection) as few:
        assert len([reminder_message(reminder) for reminder in plan_reminders().reminders]) == 2

    staff("okafor", "Medical reviewers", clinician=okafor)
    staff("ann", "Editors")
    for days in range(-2, 3):
        page_due(treatment_index, okafor, days)
    with django_assert_max_num_queries(len(few)):
        assert len([reminder_message(reminder) for reminder in plan_reminders().reminders]) == 4


def test_a_negative_number_of_days_is_refused(db):
    with pytest.raises(CommandError, match="--days must be 0 or more"):
        send_reminders("--days", "-1")


# Mail failures, for real


def test_a_reminder_the_server_refuses_is_reported_and_the_others_are_delivered(
    treatment_index, marsh, okafor, mail_server_at, smtp_server, caplog
):
    """One address refused: named in the output, logged; the rest delivered; the command fails at the end."""
    mail_server_at(smtp_server.port)
    staff("marsh", "Medical reviewers", clinician=marsh, email="marsh@refused.example.com")
    staff("okafor", "Medical reviewers", clinician=okafor)
    staff("ed", "Editors")
    page_due(treatment_index, marsh, 3)
    page_due(treatment_index, okafor, 4)

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 review reminder"):
        call_command("send_review_reminders", stdout=out, stderr=err)

    delivered = [envelope.rcpt_tos for envelope in smtp_server.handler.envelopes]
    assert delivered == [["ed@clinic.example.com"], ["okafor@clinic.example.com"]]
    assert "Not sent to marsh@refused.example.com (Dr Eleanor Marsh)" in err.getvalue()
    assert "the mail server turned it down" in err.getvalue()
    assert "Review reminders: 2 sent, 1 not sent." in out.getvalue()
    assert any("marsh@refused.example.com" in record.getMessage() for record in caplog.records)


def test_with_the_mail_server_down_the_command_says_so_and_exits_1_without_a_traceback(
    treatment_index, marsh, broken_mail_server, capsys, caplog
):
    """Connection refused or no answer: each reminder is named as not sent, and the exit status is 1.

    Run as ``manage.py`` runs it, so the output and status are what cron gets; the mail
    log's lines (printed with it) give the error in a sentence, not a traceback.
    """
    staff("marsh", "Medical reviewers", clinician=marsh)
    staff("ed", "Editors")
    page_due(treatment_index, marsh, -1)

    with pytest.raises(SystemExit) as exit_status:
        Command().run_from_argv(["manage.py", "send_review_reminders"])

    assert exit_status.value.code == 1
    out, err = capsys.readouterr()
    assert "Not sent to ed@clinic.example.com (ed): 1 page(s) due, 1 overdue: no connection" in err
    assert "Not sent to marsh@clinic.example.com" in err
    assert "Review reminders: 0 sent, 2 not sent." in out
    assert "CommandError: 2 review reminder(s) could not be sent" in err
    assert "Traceback" not in out + err
    logged = [record for record in caplog.records if record.name == "cms.mail"]
    assert logged and all(record.levelname == "ERROR" for record in logged)
    assert not any(record.exc_info or record.exc_text for record in logged)
    assert ("Connection refused" if broken_mail_server == "refused" else "timed out") in logged[0].msg

"""Mail: configured from the environment, checked before deploying, and never breaking what sends it.

The mail servers here are started and stopped by each test on a free 127.0.0.1 port:
a real SMTP server (aiosmtpd) that keeps what it is sent, a port nothing listens on
(connection refused), and a server that takes connections and never answers (hung).
"""

import json
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group
from django.core import checks
from django.core.mail import get_connection, send_mail
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data

from tests.cms.production import run_manage_py
from tests.factories import ArticleIndexPageFactory

MAIL_ENV = {
    "EMAIL_HOST": "smtp.example.com",
    "EMAIL_PORT": "587",
    "EMAIL_HOST_USER": "website@clinic.example.com",
    "EMAIL_HOST_PASSWORD": "app-password",
    "EMAIL_USE_TLS": "true",
    "EMAIL_TIMEOUT": "4.5",
    "DEFAULT_FROM_EMAIL": "Harbour Lane Clinic <website@clinic.example.com>",
    "SERVER_EMAIL": "errors@clinic.example.com",
}
UNSET_MAIL_ENV = dict.fromkeys(MAIL_ENV, "")

PRINT_MAIL_SETTINGS = (
    "import json; from django.conf import settings; "
    "print(json.dumps({name: getattr(settings, name) for name in ["
    "'EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', "
    "'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'EMAIL_TIMEOUT', 'DEFAULT_FROM_EMAIL', 'SERVER_EMAIL']}))"
)


def production_mail_settings(**env):
    result = run_manage_py("shell", "-c", PRINT_MAIL_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# Mail servers


class Inbox:
    """An aiosmtpd handler keeping the envelopes it gets; it refuses addresses at refused.example.com."""

    def __init__(self):
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example.com"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A running SMTP server on 127.0.0.1; its ``handler.envelopes`` are the mail it got."""
    controller = Controller(Inbox(), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def refusing_port():
    """A port bound but not listening: every connection is refused at once."""
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))
        yield bound.getsockname()[1]


class SilentServer:
    """Accepts connections, counts them, and never says a word (an SMTP server that hangs)."""

    def __init__(self):
        self.listening = socket.create_server(("127.0.0.1", 0))
        self.listening.settimeout(0.1)
        self.port = self.listening.getsockname()[1]
        self.connections = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.accept_until_stopped, daemon=True)
        self.thread.start()

    def accept_until_stopped(self):
        while not self.stopped.is_set():
            try:
                self.connections.append(self.listening.accept()[0])
            except TimeoutError:
                continue

    def stop(self):
        self.stopped.set()
        self.thread.join(timeout=5)
        for connection in [*self.connections, self.listening]:
            connection.close()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.stop()


@pytest.fixture
def mail_server_at(settings):
    """Send this test's mail over SMTP with the project's backend, to 127.0.0.1:``port``."""

    def configure(port):
        settings.EMAIL_BACKEND = "cms.mail.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_TIMEOUT = 0.5
        settings.DEFAULT_FROM_EMAIL = "website@clinic.example.com"

    return configure


@pytest.fixture(params=["refused", "hangs"])
def broken_mail_server(request, mail_server_at):
    """The mail server refuses connections, or takes them and hangs."""
    if request.param == "refused":
        mail_server_at(request.getfixturevalue("refusing_port"))
    else:
        mail_server_at(request.getfixturevalue("silent_server").port)
    return request.param


# Settings from the environment


def test_mail_settings_come_from_the_environment():
    """Every EMAIL_* setting, DEFAULT_FROM_EMAIL and SERVER_EMAIL come from the variable of that name."""
    config = production_mail_settings(**MAIL_ENV)

    assert config == {
        "EMAIL_BACKEND": "cms.mail.EmailBackend",
        "EMAIL_HOST": "smtp.example.com",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "website@clinic.example.com",
        "EMAIL_HOST_PASSWORD": "app-password",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 4.5,
        "DEFAULT_FROM_EMAIL": "Harbour Lane Clinic <website@clinic.example.com>",
        "SERVER_EMAIL": "errors@clinic.example.com",
    }


def test_unset_mail_settings_get_short_timeout_and_one_from_address():
    """Unset or blank: port 25, 10 seconds for the server to answer, error mail from DEFAULT_FROM_EMAIL."""
    env = {
        **UNSET_MAIL_ENV,
        "EMAIL_HOST": "smtp.example.com",
        "DEFAULT_FROM_EMAIL": "website@clinic.example.com",
    }
    config = production_mail_settings(**env)

    assert config["EMAIL_TIMEOUT"] == 10
    assert config["EMAIL_PORT"] == 25
    assert config["SERVER_EMAIL"] == "website@clinic.example.com"


def test_tls_and_ssl_together_are_refused_at_start():
    """EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other: Django stops, saying so."""
    result = run_manage_py("check", **MAIL_ENV, EMAIL_USE_SSL="true")

    assert result.returncode != 0
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL" in result.stderr


# The deploy check


def test_check_deploy_fails_under_production_without_mail_settings():
    """``check --deploy`` under production settings fails, naming what to set, when no mail server is set."""
    result = run_manage_py("check", "--deploy", **UNSET_MAIL_ENV)

    assert result.returncode != 0
    assert "cms.E001" in result.stderr and "EMAIL_HOST" in result.stderr
    assert "cms.E002" in result.stderr and "DEFAULT_FROM_EMAIL" in result.stderr


def mail_check_ids():
    return [message.id for message in checks.run_checks(include_deployment_checks=True, tags=["mail"])]


def test_the_deploy_check_is_silent_with_mail_settings(settings):
    """With a mail server and a from address, the mail check has nothing to say."""
    settings.EMAIL_BACKEND = "cms.mail.EmailBackend"
    settings.EMAIL_HOST = "smtp.example.com"
    settings.DEFAULT_FROM_EMAIL = "website@clinic.example.com"

    assert mail_check_ids() == []


def test_the_deploy_check_names_each_missing_setting(settings):
    """A server without a from address (or the reverse) is reported on its own."""
    settings.EMAIL_BACKEND = "cms.mail.EmailBackend"
    settings.EMAIL_HOST, settings.DEFAULT_FROM_EMAIL = "smtp.example.com", ""
    assert mail_check_ids() == ["cms.E002"]

    settings.EMAIL_HOST, settings.DEFAULT_FROM_EMAIL = "", "website@clinic.example.com"
    assert mail_check_ids() == ["cms.E001"]


def test_the_deploy_check_leaves_mail_that_goes_nowhere_alone(settings):
    """Development's console backend and the tests' in-memory one need no mail server."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.EMAIL_HOST = settings.DEFAULT_FROM_EMAIL = ""

    assert mail_check_ids() == []


# Password reset


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@clinic.example.com", "correct-horse-battery", is_superuser=True
    )


def ask_for_a_password_reset(client, email):
    return client.post(reverse("wagtailadmin_password_reset"), {"email": email})


def test_a_password_reset_is_delivered_by_smtp(client, mail_server_at, smtp_server, editor):
    """Through a real SMTP server, the reset mail reaches the account's address with a reset link."""
    mail_server_at(smtp_server.port)

    response = ask_for_a_password_reset(client, "editor@clinic.example.com")

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_password_reset_done")
    [envelope] = smtp_server.handler.envelopes
    assert envelope.mail_from == "website@clinic.example.com"
    assert envelope.rcpt_tos == ["editor@clinic.example.com"]
    assert "/admin/password_reset/confirm/" in envelope.content.decode()


def test_password_reset_looks_sent_when_the_mail_server_fails(client, broken_mail_server, editor, caplog):
    """Server refused or hung: the usual "sent" page for known and unknown addresses alike; failure logged."""
    known = ask_for_a_password_reset(client, "editor@clinic.example.com")
    unknown = ask_for_a_password_reset(client, "nobody@clinic.example.com")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("wagtailadmin_password_reset_done")
    assert client.get(known["Location"]).status_code == 200
    failures = [record for record in caplog.records if record.name == "cms.mail"]
    assert len(failures) == 1
    assert failures[0].levelname == "ERROR"
    assert "127.0.0.1" in failures[0].getMessage()


# Workflow notifications


@pytest.fixture
def article_index(home_page):
    return ArticleIndexPageFactory(parent=home_page)


@pytest.fixture
def seo_member(django_user_model):
    """SEO staff, whose changes go to the editors for approval, and two editors with addresses."""
    user = django_user_model.objects.create_user("seo", "seo@clinic.example.com", "x")
    user.groups.add(Group.objects.get(name="SEO staff"))
    for name in ("ann", "bob"):
        editor = django_user_model.objects.create_user(name, f"{name}@clinic.example.com", "x")
        editor.groups.add(Group.objects.get(name="Editors"))
    return user


def submit_for_approval(client, page):
    data = nested_form_data({"title": "Articles", "slug": page.slug, "intro": "News.", "per_page": "12"})
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return client.post(url, {**data, "action-submit": "action-submit"}, follow=True)


def test_editors_are_emailed_a_submission(client, mail_server_at, smtp_server, seo_member, article_index):
    """Submitting a change for approval emails the editors who review it."""
    mail_server_at(smtp_server.port)
    client.force_login(seo_member)

    submit_for_approval(client, article_index)

    recipients = {address for envelope in smtp_server.handler.envelopes for address in envelope.rcpt_tos}
    assert {"ann@clinic.example.com", "bob@clinic.example.com"} <= recipients


def test_submitting_for_approval_succeeds_when_the_mail_server_fails(
    client, broken_mail_server, seo_member, article_index, caplog
):
    """Server refused or hung: the change is submitted, the failure logged, and the submitter told."""
    client.force_login(seo_member)

    response = submit_for_approval(client, article_index)

    assert response.status_code == 200
    assert Page.objects.get(pk=article_index.pk).workflow_in_progress
    messages = [str(message) for message in response.context["messages"]]
    assert any("has been submitted for moderation" in message for message in messages)
    assert any("could not send its notification emails" in message for message in messages)
    assert any(record.name == "cms.mail" and record.levelname == "ERROR" for record in caplog.records)


def test_approving_succeeds_when_the_mail_server_fails(
    client, broken_mail_server, seo_member, article_index, caplog, django_user_model
):
    """Server refused or hung: an editor's approval publishes the change; the lost mail is logged."""
    article_index.title = "Articles, reviewed"
    article_index.save_revision(user=seo_member)
    task_state = article_index.get_workflow().start(article_index, seo_member).current_task_state
    caplog.clear()
    client.force_login(django_user_model.objects.get(username="ann"))

    url = reverse("wagtailadmin_pages:workflow_action", args=[article_index.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": ""})

    assert response.status_code == 302
    assert Page.objects.get(pk=article_index.pk).title == "Articles, reviewed"
    assert any(record.name == "cms.mail" and record.levelname == "ERROR" for record in caplog.records)


def test_no_message_about_mail_when_it_was_sent(
    client, mail_server_at, smtp_server, seo_member, article_index
):
    """The warning appears only when mail failed."""
    mail_server_at(smtp_server.port)
    client.force_login(seo_member)

    response = submit_for_approval(client, article_index)

    messages = [str(message) for message in response.context["messages"]]
    assert not any("notification emails" in message for message in messages)


# The backend itself


def test_a_hung_server_is_tried_once_per_connection(mail_server_at, silent_server, caplog):
    """After a connection attempt timed out, the same connection sends nothing more and waits no more.

    Wagtail sends one message per reviewer over one connection; each would otherwise
    wait a full EMAIL_TIMEOUT of its own.
    """
    mail_server_at(silent_server.port)
    connection = get_connection()

    connection.open()
    sent = [
        send_mail("Subject", "Body", None, [f"reviewer{n}@clinic.example.com"], connection=connection)
        for n in range(3)
    ]
    connection.close()

    assert sent == [0, 0, 0]
    assert len(silent_server.connections) == 1


def test_mail_refused_by_the_server_is_logged_and_the_rest_still_sent(mail_server_at, smtp_server, caplog):
    """A message the server turns down is logged; the next one on the same connection still goes."""
    mail_server_at(smtp_server.port)
    connection = get_connection()
    connection.open()

    refused = send_mail("Subject", "Body", None, ["a@refused.example.com"], connection=connection)
    delivered = send_mail("Subject", "Body", None, ["b@clinic.example.com"], connection=connection)
    connection.close()

    assert (refused, delivered) == (0, 1)
    assert [envelope.rcpt_tos for envelope in smtp_server.handler.envelopes] == [["b@clinic.example.com"]]
    assert any("a@refused.example.com" in record.getMessage() for record in caplog.records)

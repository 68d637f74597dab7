"""``manage.py publish_scheduled``: each page due is published, unpublished or reported on its own.

A page that cannot go live (scheduled with medical content no clinician signed off) is
left scheduled and reported on stderr and in the log with its page, revision and
reasons; the pages due with it still go live in the same run, and the command exits
non-zero once it has dealt with them all, so cron or a systemd timer notices.
"""

import datetime
import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import Page, Revision
from wagtail.signals import page_unpublished

from signoff.models import NOT_SIGNED_OFF
from tests.factories import TreatmentPageFactory, sign_off_draft
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

LOGGER = "cms.management.commands.publish_scheduled"


def due(page, seconds_ago):
    """A draft of ``page`` approved to go live ``seconds_ago``, as a schedule is once its time has come.

    Publishing a revision with a future go-live time stores that time as the revision's
    ``approved_go_live_at``; the command publishes the revisions whose time has passed.
    """
    go_live_at = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    page.go_live_at = go_live_at
    revision = page.save_revision(clean=False)
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=go_live_at)
    return revision


@pytest.fixture
def two_due_the_same_minute(treatment_index):
    """A page scheduled with medical content no clinician signed off, due just before a good page."""
    bad = TreatmentPageFactory(parent=treatment_index, live=False, title="Peel")
    good = TreatmentPageFactory(parent=treatment_index, live=False, title="Botox for chronic migraine")
    bad_revision, good_revision = due(bad, seconds_ago=50), due(good, seconds_ago=20)
    sign_off_draft(good)
    return bad_revision, good_revision


def run(*args):
    """Run the command; its stdout, stderr and the CommandError it ended with (None if it succeeded)."""
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command("publish_scheduled", *args, stdout=stdout, stderr=stderr)
    except CommandError as error:
        return stdout.getvalue(), stderr.getvalue(), error
    return stdout.getvalue(), stderr.getvalue(), None


def page_of(revision):
    return TreatmentPage.objects.get(pk=revision.object_id)


def test_a_bad_page_does_not_stop_the_good_one_due_the_same_minute(two_due_the_same_minute, caplog):
    bad_revision, good_revision = two_due_the_same_minute

    with caplog.at_level(logging.ERROR, logger=LOGGER):
        _stdout, stderr, error = run()

    assert page_of(good_revision).live
    assert page_of(good_revision).live_revision == good_revision
    assert not page_of(bad_revision).live
    reported = f"“Peel” (treatment page {bad_revision.object_id}, revision {bad_revision.pk})"
    assert reported in stderr
    assert str(NOT_SIGNED_OFF) in stderr
    assert [record.getMessage() for record in caplog.records if record.name == LOGGER] == [stderr.strip()]
    assert error is not None
    assert error.returncode == 1
    assert "Scheduled changes that failed: 1" in str(error)


def test_the_bad_page_stays_scheduled_to_be_fixed(two_due_the_same_minute):
    """Its approved go-live time is kept: the admin still shows it scheduled, and the next run retries it."""
    bad_revision, _good_revision = two_due_the_same_minute
    scheduled_for = Revision.objects.get(pk=bad_revision.pk).approved_go_live_at

    run()

    assert Revision.objects.get(pk=bad_revision.pk).approved_go_live_at == scheduled_for
    assert page_of(bad_revision).scheduled_revision == bad_revision
    _stdout, stderr, error = run()
    assert f"revision {bad_revision.pk})" in stderr
    assert error is not None


def test_once_an_editor_fixes_and_publishes_it_the_runs_are_quiet_again(two_due_the_same_minute):
    """Publishing the corrected draft (its go-live time has passed) replaces the failed schedule."""
    bad_revision, _good_revision = two_due_the_same_minute
    run()
    draft = page_of(bad_revision).get_latest_revision_as_object()
    draft.summary = "Corrected, then signed off."
    fixed = draft.save_revision(clean=False)
    sign_off_draft(draft)
    fixed.publish()

    assert run() == ("", "", None)
    assert page_of(fixed).live_revision == fixed


def test_a_run_with_nothing_wrong_is_silent_and_succeeds(treatment_index):
    """Cron mails whatever a job prints; a good run prints nothing."""
    page = TreatmentPageFactory(parent=treatment_index, live=False)
    revision = due(page, seconds_ago=10)
    sign_off_draft(page)

    assert run() == ("", "", None)
    assert page_of(revision).live


def test_expired_pages_are_unpublished_each_on_its_own(treatment_index):
    """One expiry failing (here a receiver of the unpublish signal raises) leaves the others to go."""
    past = timezone.now() - datetime.timedelta(minutes=1)
    stuck = TreatmentPageFactory(parent=treatment_index, title="Stuck", expire_at=past)
    expired = TreatmentPageFactory(parent=treatment_index, title="Expired", expire_at=past)

    def fail_for_stuck(sender, instance, **kwargs):
        if instance.pk == stuck.pk:
            raise RuntimeError("search index unreachable")

    page_unpublished.connect(fail_for_stuck)
    try:
        _stdout, stderr, error = run()
    finally:
        page_unpublished.disconnect(fail_for_stuck)

    assert not Page.objects.get(pk=expired.pk).live
    assert Page.objects.get(pk=expired.pk).expired
    assert Page.objects.get(pk=stuck.pk).live
    assert f"Could not unpublish “Stuck” (treatment page {stuck.pk}" in stderr
    assert "search index unreachable" in stderr
    assert error is not None


def test_a_dry_run_lists_what_is_due_and_changes_nothing(two_due_the_same_minute):
    _bad_revision, good_revision = two_due_the_same_minute

    stdout, stderr, error = run("--dryrun")

    assert "Revisions to be published:" in stdout
    assert "Botox for chronic migraine" in stdout
    assert "Peel" in stdout
    assert (stderr, error) == ("", None)
    assert not page_of(good_revision).live
    assert Revision.objects.filter(approved_go_live_at__isnull=False).count() == 2

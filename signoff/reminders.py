"""Reminder emails of medical reviews coming due: each clinician their own pages, the Editors every page.

A clinician is emailed, at the address of the active account linked to them, the live
pages they last signed off whose review is overdue or due soon; each active member of
the Editors group with an address is emailed every such page, with who last signed it
off, so pages no clinician can be reminded of (never signed off by one, or their
clinician has no account) are still seen. One email a person: an Editor who is also
a clinician gets their own pages first, then the others. No one with nothing due is
emailed. Links are absolute, to each page's sign-off in the admin
(``WAGTAILADMIN_BASE_URL``). The command ``send_review_reminders`` sends them
(docs/medical-sign-off.md, "Reminders").
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.models import Clinician

from .due import DUE_WITHIN_DAYS, pages_due

EDITORS = "Editors"


@dataclass
class Line:
    """One page in a reminder, as the email shows it."""

    title: str
    due: object
    overdue: bool
    url: str
    #: Whose sign-off the live version has, in the Editors' list; blank in a clinician's own.
    signed_off_by: str = ""


@dataclass
class Section:
    heading: str
    lines: list


@dataclass
class Reminder:
    """What one person is reminded of: pages they last signed off (``own``), and for an Editor the rest."""

    user: object
    clinician: Clinician | None = None
    own: list = field(default_factory=list)
    others: list = field(default_factory=list)
    editor: bool = False

    @property
    def due(self):
        return self.own + self.others

    @property
    def overdue_count(self):
        return sum(item.overdue for item in self.due)

    @property
    def name(self):
        if self.clinician is not None:
            return self.clinician.name
        return self.user.get_full_name() or self.user.get_username()


@dataclass
class Plan:
    """The reminders to send, and the clinicians with pages due whom no reminder can reach."""

    reminders: list
    not_emailed: list


def plan_reminders(within_days=DUE_WITHIN_DAYS):
    """Who is reminded of which pages overdue or due within ``within_days``, in a fixed number of queries."""
    due = pages_due(within_days=within_days)
    if not due:
        return Plan([], [])
    by_clinician = defaultdict(list)
    for item in due:
        if item.page.reviewed_by_id is not None:
            by_clinician[item.page.reviewed_by_id].append(item)

    reminders = {}
    reachable = Clinician.objects.filter(pk__in=by_clinician, user__is_active=True).exclude(user__email="")
    for clinician in reachable.select_related("user"):
        reminders[clinician.user_id] = Reminder(clinician.user, clinician, own=by_clinician[clinician.pk])
    editors = get_user_model().objects.filter(groups__name=EDITORS, is_active=True).exclude(email="")
    for user in editors.distinct():
        reminder = reminders.setdefault(user.pk, Reminder(user))
        reminder.editor = True
        reminder.others = [item for item in due if item not in reminder.own]

    reached = {reminder.clinician.pk for reminder in reminders.values() if reminder.clinician}
    not_emailed = [items[0].page.reviewed_by for pk, items in by_clinician.items() if pk not in reached]
    return Plan(
        sorted(reminders.values(), key=lambda reminder: reminder.user.email.lower()),
        sorted(not_emailed, key=lambda clinician: clinician.name),
    )


def sign_off_url(page):
    """The absolute address of ``page``'s sign-off in the admin."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("signoff_page", args=[page.pk])


def signed_off_by(page):
    if page.reviewed_by is None:
        return _("Not signed off by a clinician")
    return _("Last signed off by %(name)s") % {"name": page.reviewed_by.display_name}


def lines(items, with_reviewer):
    return [
        Line(
            title=item.page.title,
            due=item.page.next_review_due,
            overdue=item.overdue,
            url=sign_off_url(item.page),
            signed_off_by=signed_off_by(item.page) if with_reviewer else "",
        )
        for item in items
    ]


def sections(reminder, within_days):
    found = []
    if reminder.own:
        heading = _("Pages you last signed off, overdue or due for review within %(days)d days:")
        found.append(Section(heading % {"days": within_days}, lines(reminder.own, with_reviewer=False)))
    if reminder.others:
        if reminder.own:
            heading = _("Other pages overdue or due for review within %(days)d days:")
        else:
            heading = _("Pages overdue or due for medical review within %(days)d days:")
        found.append(Section(heading % {"days": within_days}, lines(reminder.others, with_reviewer=True)))
    return found


def reason(reminder):
    """Why ``reminder``'s person gets it, for the end of the email."""
    if reminder.clinician and reminder.editor:
        text = _(
            "You get this email because your account is linked to %(name)s's clinician profile "
            "and you are one of the Editors."
        )
    elif reminder.clinician:
        text = _("You get this email because your account is linked to %(name)s's clinician profile.")
    else:
        text = _("You get this email because you are one of the Editors.")
    return text % {"name": reminder.clinician.name if reminder.clinician else ""}


def subject(reminder):
    count, overdue = len(reminder.due), reminder.overdue_count
    pages = ngettext("Medical review: %(count)d page due", "Medical review: %(count)d pages due", count)
    text = pages % {"count": count}
    if overdue:
        text += ngettext(", %(overdue)d overdue", ", %(overdue)d overdue", overdue) % {"overdue": overdue}
    return text


def reminder_message(reminder, within_days=DUE_WITHIN_DAYS, connection=None):
    """The email of ``reminder``: plain text, with the same in HTML as an alternative."""
    context = {
        "name": reminder.name,
        "reason": reason(reminder),
        "sections": sections(reminder, within_days),
    }
    message = EmailMultiAlternatives(
        subject(reminder),
        render_to_string("signoff/email/reminder.txt", context),
        to=[reminder.user.email],
        connection=connection,
    )
    message.attach_alternative(render_to_string("signoff/email/reminder.html", context), "text/html")
    return message

"""Medical sign-off: the record of a clinician vouching for a page's medical content, and the gate.

A page type with ``MedicalReviewMixin`` shows who reviewed it medically and when.
Those fields are never typed: they are stamped from a ``SignOff``, the record that a
clinician (through the "Medical sign-off" workflow task, ``signoff.tasks``) approved
exactly this medical content (``signoff.medical_content``) of this page. Publishing
validates the page as live (Wagtail's ``full_clean`` on save), so ``clean`` refuses
any content going live without a sign-off, by every route: the Publish button, bulk
publish, a schedule, a revert, a workflow. A copy is created as a draft
(``signoff.signals``). Metadata fields are not medical, so SEO work publishes freely.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from cms.models import PublishRequirementsMixin

from .medical_content import fingerprint

REVIEW_FIELDS = ("reviewed_by", "last_reviewed", "next_review_due")
#: A review due within this many days is coming due: the workflow asks for it again and
#: the reminders list it.
DUE_WITHIN_DAYS = 30
NOT_SIGNED_OFF = _(
    "Its medical content has changed since a clinician last signed it off. Submit it for "
    "medical sign-off; it can go live once a clinician has approved it."
)


class SignOff(models.Model):
    """One sign-off: who vouched for which medical content of a page, when, and until when."""

    CLINICIAN = "clinician"
    LOADER = "loader"
    BEFORE_SIGN_OFF = "before_sign_off"
    SOURCE_CHOICES = [
        (CLINICIAN, _("Signed off by the clinician")),
        (LOADER, _("Recorded by the demo content loader, not by a person")),
        (BEFORE_SIGN_OFF, _("Live before sign-off existed: the review was typed by an editor")),
    ]

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="sign_offs"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content_fingerprint = models.CharField(_("medical content fingerprint"), max_length=64)
    source = models.CharField(_("source"), max_length=20, choices=SOURCE_CHOICES)
    clinician = models.ForeignKey(
        "cms.Clinician",
        verbose_name=_("clinician"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sign_offs",
    )
    clinician_name = models.CharField(_("clinician's name"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed in as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_on = models.DateField(_("signed off on"))
    next_review_due = models.DateField(_("next review due"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["page", "content_fingerprint"])]
        verbose_name = _("medical sign-off")
        verbose_name_plural = _("medical sign-offs")

    def __str__(self):
        return f"{self.clinician_name or self.get_source_display()}, {self.signed_on:%d %b %Y}"

    @property
    def by_clinician(self):
        return self.source == self.CLINICIAN


class MedicalReviewMixin(PublishRequirementsMixin, models.Model):
    """Who last signed off a page medically, when, and when it must be checked again.

    The three fields are not editable: a sign-off stamps them (``signoff.records``).
    A page type names its medical fields in ``medical_fields``.
    """

    reviewed_by = models.ForeignKey(
        "cms.Clinician",
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The clinician whose sign-off covers this page's medical content."),
    )
    last_reviewed = models.DateField(
        _("last reviewed"), null=True, blank=True, editable=False, help_text=_("The date of that sign-off.")
    )
    next_review_due = models.DateField(
        _("next review due"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When a clinician must check the content again."),
    )

    #: The fields whose change needs a new sign-off (``signoff.medical_content``).
    medical_fields = ("title", "body")
    #: A copy shows no review until it is signed off for itself.
    exclude_fields_in_copy = list(REVIEW_FIELDS)

    class Meta:
        abstract = True

    @property
    def needs_medical_review(self):
        """Whether this page's content is medical; a page type may make it depend on the page."""
        return True

    @classmethod
    def content_needs_medical_review(cls, content):
        """Whether ``content`` (a revision's, or ``serializable_data()``) is medical content."""
        return True

    @classmethod
    def needing_review(cls, pages):
        """``pages`` (a queryset of this type) narrowed to those ``needs_medical_review``, in SQL."""
        return pages

    @property
    def review_overdue(self):
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())

    def medical_fingerprint(self, content=None):
        """The fingerprint of ``content`` (a revision's), or of the page as it stands."""
        return fingerprint(self.serializable_data() if content is None else content, self.medical_fields)

    def going_live_content(self):
        """What is or goes live when this page is saved as live: its live revision's content.

        Publishing (every route) sets the live revision to the one going live before it
        saves and validates the page; any other save of a live page keeps the live one.
        A page put live by code without a revision is live as stored; a new page, as it is.
        """
        if self.live_revision_id:
            return self.live_revision.content
        stored = type(self).objects.filter(pk=self.pk).first() if self.pk else None
        return stored.serializable_data() if stored else self.serializable_data()

    def sign_off_for(self, content=None):
        """The latest sign-off of this page for ``content``'s medical fields (default: its own), or None."""
        if self.pk is None:
            return None
        return (
            SignOff.objects.filter(page_id=self.pk, content_fingerprint=self.medical_fingerprint(content))
            .select_related("clinician")
            .first()
        )

    def clean(self):
        super().clean()
        if self.publish_requirements_checked_by_model():
            self.check_signed_off(self.going_live_content())

    def check_signed_off(self, content):
        """Refuse ``content`` going live unless it is signed off (if medical); show its sign-off's review."""
        if self.content_needs_medical_review(content):
            sign_off = self.sign_off_for(content)
            if sign_off is None:
                raise ValidationError({NON_FIELD_ERRORS: [NOT_SIGNED_OFF]})
            self.stamp(sign_off)

    def problems_going_live_as_edited(self):
        if self.needs_medical_review and self.sign_off_for() is None:
            return [NOT_SIGNED_OFF]
        return []

    def stamp(self, sign_off):
        """Show ``sign_off`` as the review: its reviewer and date (if it names one), next review due."""
        self.reviewed_by = sign_off.clinician
        self.last_reviewed, self.next_review_due = self.review_dates_of(sign_off)

    def shows_review_of(self, sign_off):
        """Whether the page shows ``sign_off``'s review, as ``stamp`` sets it."""
        dates = (self.last_reviewed, self.next_review_due)
        return self.reviewed_by_id == sign_off.clinician_id and dates == self.review_dates_of(sign_off)

    @staticmethod
    def review_dates_of(sign_off):
        """(last reviewed, next review due) as shown for ``sign_off``: no review date without a reviewer."""
        return (sign_off.signed_on if sign_off.clinician_id else None, sign_off.next_review_due)

    @cached_property
    def sign_off_history(self):
        return list(SignOff.objects.filter(page_id=self.pk).select_related("clinician", "user")[:10])


class MedicalSignOffTask(Task):
    """A workflow step only a clinician can complete, for themselves: signing off medical content.

    It is skipped for a page with no medical content, and for one whose content a
    clinician has already signed off and is not yet due for review, so one workflow
    serves every page and SEO changes never wait for a clinician. Approving records the
    sign-off (``signoff.records``); the page is locked to everyone else meanwhile, so
    what they sign is what they saw.
    """

    class Meta:
        verbose_name = _("medical sign-off task")
        verbose_name_plural = _("medical sign-off tasks")

    @classmethod
    def get_description(cls):
        return _(
            "A clinician, signed in with the account linked to their profile, signs off the medical content"
        )

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        if not self.needs_sign_off(workflow_state.content_object.specific, task_state.revision):
            task_state.status = TaskState.STATUS_SKIPPED
            task_state.finished_at = timezone.now()
            task_state.save(update_fields=["status", "finished_at"])
        return task_state

    def needs_sign_off(self, page, revision):
        if not isinstance(page, MedicalReviewMixin):
            return False
        draft = revision.as_object()
        if not draft.needs_medical_review:
            return False
        sign_off = draft.sign_off_for(revision.content)
        due_soon = timezone.localdate() + timezone.timedelta(days=DUE_WITHIN_DAYS)
        return sign_off is None or sign_off.next_review_due <= due_soon

    def user_can_sign(self, user):
        from .records import clinician_of

        return clinician_of(user) is not None

    def user_can_access_editor(self, obj, user):
        return self.user_can_sign(user)

    def locked_for_user(self, obj, user):
        return not self.user_can_sign(user)

    def get_actions(self, obj, user):
        if not self.user_can_sign(user):
            return []
        return [("reject", _("Request changes"), True), ("approve", _("Sign off"), True)]

    def get_form_for_action(self, action):
        from .forms import SignOffForm

        return SignOffForm if action == "approve" else super().get_form_for_action(action)

    def get_template_for_action(self, action):
        return "signoff/sign_off_modal.html"

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if not self.user_can_sign(user):
            return TaskState.objects.none()
        return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        from .forms import SignOffForm
        from .records import clinician_of, record_sign_off

        clinician = clinician_of(user)
        if clinician is None:
            raise PermissionDenied
        next_review_due = kwargs.pop("next_review_due", None)
        if action_name == "approve":
            # The edit page's action menu passes the modal's data on as text, unchecked.
            form = SignOffForm({"next_review_due": next_review_due, "comment": kwargs.get("comment", "")})
            if not form.is_valid():
                raise PermissionDenied
            next_review_due = form.cleaned_data["next_review_due"]
            page = task_state.workflow_state.content_object.specific
            record_sign_off(
                page,
                page.get_latest_revision(),
                source=SignOff.CLINICIAN,
                clinician=clinician,
                user=user,
                next_review_due=next_review_due,
                comment=kwargs.get("comment", ""),
            )
        return super().on_action(task_state, user, action_name, **kwargs)

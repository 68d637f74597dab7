"""Forms and views behind the tag admin (registered in ``tags/wagtail_hooks.py``).

The housekeeping itself (rename, merge, usage) lives in ``tags/housekeeping.py``;
these classes only collect the editor's input and report the outcome.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from taggit.forms import TagField
from taggit.models import Tag
from taggit.utils import edit_string_for_tags
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminTagWidget
from wagtail_modeladmin.helpers import AdminURLHelper, ButtonHelper
from wagtail_modeladmin.views import DeleteView, IndexView, WMABaseView

from .housekeeping import drafts_to_retag, is_in_use, merge_count, merge_tags, rename_tag, with_usage_counts


def existing_tag(name, exclude=None):
    """The tag called ``name``, ignoring case (tags are case-insensitive here), or None."""
    tags = Tag.objects.filter(name__iexact=name.strip())
    if exclude is not None:
        tags = tags.exclude(pk=exclude.pk)
    return tags.first()


class TagForm(WagtailAdminModelForm):
    """Create a tag, or rename one while keeping its slug unless staff ask for a new one."""

    regenerate_slug = forms.BooleanField(
        label=_("Make a new slug from the new name"),
        required=False,
        help_text=_(
            "Changes the tag's web address; the old address redirects to the new one. "
            "Leave unticked to keep the address."
        ),
    )

    class Meta:
        model = Tag
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            del self.fields["regenerate_slug"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = existing_tag(name, exclude=self.instance if self.instance.pk else None)
        if clash:
            raise ValidationError(
                _("There is already a tag called '%(name)s'. To combine the two, use 'Merge tags'."),
                params={"name": clash.name},
            )
        return name

    def save(self, commit=True):
        if self.instance._state.adding:
            return super().save(commit=commit)
        rename_tag(self.instance, self.cleaned_data["name"], self.cleaned_data.get("regenerate_slug", False))
        return self.instance


class MergeTagsForm(forms.Form):
    class Media:
        js = ["js/tag-field-label.js"]

    tags = TagField(
        label=_("Tags to merge"),
        widget=AdminTagWidget(free_tagging=False),
        help_text=_(
            "The existing tags to fold into one: type part of a name and pick the tag from "
            "the suggestions (a name typed and not picked is not added)."
        ),
    )
    into = forms.CharField(
        label=_("Merge into"),
        max_length=100,
        widget=forms.TextInput(attrs={"list": "existing-tag-names", "autocomplete": "off"}),
        help_text=_(
            "An existing tag (pick one from the suggestions; it may be one of those above) or a "
            "new name. Every article, treatment, image and document with any of the tags above "
            "gets this tag instead. You can check what will happen before anything changes."
        ),
    )

    def clean_tags(self):
        names = self.cleaned_data["tags"]
        tags, unknown = [], []
        for name in names:
            tag = existing_tag(name)
            if tag:
                tags.append(tag)
            else:
                unknown.append(name)
        if unknown:
            raise ValidationError(
                _("No tag is called: %(names)s."), params={"names": ", ".join(sorted(unknown))}
            )
        return tags

    def clean(self):
        cleaned = super().clean()
        tags, into = cleaned.get("tags"), cleaned.get("into", "").strip()
        if tags and into:
            target = existing_tag(into)
            if not ({tag.pk for tag in tags} - {getattr(target, "pk", None)}):
                raise ValidationError(_("Choose at least one tag other than the one you are merging into."))
            cleaned["target"] = target
        return cleaned

    def sources(self):
        """The chosen tags other than the target, each with its ``usage_count``, by name."""
        target = self.cleaned_data["target"]
        tags = Tag.objects.filter(pk__in=[tag.pk for tag in self.cleaned_data["tags"]])
        if target:
            tags = tags.exclude(pk=target.pk)
        return with_usage_counts(tags).order_by("name")

    def summary(self):
        """What merging will do, for the confirmation page; nothing is changed."""
        target = self.cleaned_data["target"]
        return {
            "sources": self.sources(),
            "target": with_usage_counts(Tag.objects.filter(pk=target.pk)).get() if target else None,
            "target_name": target.name if target else self.cleaned_data["into"].strip(),
            "count": merge_count(self.cleaned_data["tags"], target),
            "drafts": drafts_to_retag(self.cleaned_data["tags"], target),
            "tags_value": edit_string_for_tags(self.cleaned_data["tags"]),
        }

    def merge(self):
        """Merge the chosen tags; returns the target tag and the ``MergeCount``."""
        target = self.cleaned_data["target"] or Tag.objects.create(name=self.cleaned_data["into"].strip())
        return target, merge_tags(self.cleaned_data["tags"], target)


class MergeTagsView(WMABaseView, FormView):
    """Fold several tags into one, keeping every tagging (see ``tags.housekeeping.merge_tags``).

    Two steps: the form, then a page saying what the merge will do. Only a POST that
    says ``confirm`` merges; the form sent without it (or a GET naming a target) shows
    that page, and ``change`` goes back to the form as it was filled in.
    """

    form_class = MergeTagsForm
    template_name = "tags/admin/merge_tags.html"
    confirm_template_name = "tags/admin/confirm_merge_tags.html"
    page_title = _("Merge tags")

    def check_action_permitted(self, user):
        return user_can_merge(user)

    def get(self, request, *args, **kwargs):
        if "into" in request.GET:
            return self.check(self.get_form())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if "change" in request.POST or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if "confirm" in request.POST:
            return self.form_valid(form)
        return self.check(form)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET" and "into" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def check(self, form):
        """The confirmation page for a valid ``form``, or the form with its errors."""
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        context = self.get_context_data(form=form, **form.summary())
        return self.response_class(self.request, [self.confirm_template_name], context)

    def get_initial(self):
        return {"tags": self.request.GET.get("tags", "")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["media"] = context["form"].media
        context["tag_names"] = Tag.objects.order_by("name").values_list("name", flat=True)
        return context

    def form_valid(self, form):
        target, count = form.merge()
        messages.success(self.request, merged_message(target, count))
        return redirect(self.index_url)


def merged_message(target, count):
    """The result of a merge in words: items that gained the target and items that already had it."""
    gained = ngettext("%(count)d item gained the tag", "%(count)d items gained the tag", count.gained) % {
        "count": count.gained
    }
    already = ngettext("%(count)d already had it", "%(count)d already had it", count.already) % {
        "count": count.already
    }
    return _(
        "Merged into '%(tag)s': %(gained)s and %(already)s. "
        "The merged tags' article listings now redirect to its listing."
    ) % {"tag": target, "gained": gained, "already": already}


def user_can_merge(user):
    return user.has_perms(["taggit.change_tag", "taggit.delete_tag"])


class TagIndexView(IndexView):
    """The tag list, offering 'Merge tags' to those allowed to merge."""

    def get_filters_params(self, params=None):
        """None: the list has no filters, so no parameter (``?utm_source=``...) becomes a lookup.

        modeladmin, like Django's admin, would otherwise filter by every parameter it does not
        know (search, page, ordering), and an unknown field name is a server error.
        """
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_merge"] = user_can_merge(self.request.user)
        context["merge_url"] = merge_url(self.url_helper)
        return context


class DeleteUnusedTagView(DeleteView):
    """Delete a tag only when nothing (not even an unpublished draft) uses it; otherwise explain."""

    template_name = "tags/admin/delete_tag.html"

    def get_template_names(self):
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["in_use"] = is_in_use(self.instance)
        context["merge_url"] = merge_url(self.url_helper, self.instance)
        return context

    def post(self, request, *args, **kwargs):
        if is_in_use(self.instance):
            messages.error(
                request,
                _("'%(tag)s' is still in use, so it was not deleted. Merge it into another tag instead.")
                % {"tag": self.instance},
            )
            return redirect(self.delete_url)
        return super().post(request, *args, **kwargs)


class TagURLHelper(AdminURLHelper):
    """Adds 'merge', an action on the tag list as a whole (like 'create'), not on one tag."""

    def get_action_url_pattern(self, action):
        if action == "merge":
            return self._get_action_url_pattern(action)
        return super().get_action_url_pattern(action)

    def get_action_url(self, action, *args, **kwargs):
        if action == "merge":
            return reverse(self.get_action_url_name(action))
        return super().get_action_url(action, *args, **kwargs)


def merge_url(url_helper, tag=None):
    url = url_helper.get_action_url("merge")
    return f"{url}?{urlencode({'tags': tag.name})}" if tag else url


class TagButtonHelper(ButtonHelper):
    """Row buttons: edit, merge, and delete only for tags nothing uses."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        exclude = list(exclude or [])
        if getattr(obj, "usage_count", 0):
            exclude.append("delete")
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if user_can_merge(self.request.user):
            buttons.append(
                {
                    "url": merge_url(self.url_helper, obj),
                    "label": _("Merge"),
                    "classname": self.finalise_classname(["button-secondary"]),
                    "title": _("Merge '%(tag)s' into another tag") % {"tag": obj},
                }
            )
        return buttons

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
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminTagWidget
from wagtail_modeladmin.helpers import AdminURLHelper, ButtonHelper
from wagtail_modeladmin.views import DeleteView, IndexView, WMABaseView

from .housekeeping import is_in_use, merge_tags, rename_tag


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
        help_text=_(
            "An existing tag (it may be one of those above) or a new name. Every article, "
            "treatment, image and document with any of the tags above gets this tag instead."
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

    def merge(self):
        """Merge the chosen tags; returns the target tag and how many tagged objects newly carry it."""
        target = self.cleaned_data["target"] or Tag.objects.create(name=self.cleaned_data["into"].strip())
        return target, merge_tags(self.cleaned_data["tags"], target)


class MergeTagsView(WMABaseView, FormView):
    """Fold several tags into one, keeping every tagging (see ``tags.housekeeping.merge_tags``)."""

    form_class = MergeTagsForm
    template_name = "tags/admin/merge_tags.html"
    page_title = _("Merge tags")

    def check_action_permitted(self, user):
        return user_can_merge(user)

    def get_initial(self):
        return {"tags": self.request.GET.get("tags", "")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["media"] = context["form"].media
        return context

    def form_valid(self, form):
        target, moved = form.merge()
        messages.success(
            self.request,
            ngettext(
                "Merged into '%(tag)s': %(count)d tagged item moved to it, "
                "and the merged tags' article listings now redirect to its listing.",
                "Merged into '%(tag)s': %(count)d tagged items moved to it, "
                "and the merged tags' article listings now redirect to its listing.",
                moved,
            )
            % {"tag": target, "count": moved},
        )
        return redirect(self.index_url)


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

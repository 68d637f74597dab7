"""Every URL pattern of the project as concrete addresses, its arguments filled from a real site.

``routes()`` walks ``get_resolver().url_patterns`` recursively, so a pattern added by a
new app, snippet, viewset or hook is walked without being listed here. ``concrete_urls``
fills a pattern's arguments from the objects of a small site (the ``site`` fixture of
``test_hostile_parameters.py``): an argument it has no value for fails the test with its
name, so that a new kind of argument is given a real value instead of being skipped.
"""

import re
from dataclasses import dataclass
from operator import attrgetter

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full pattern text, the name to reverse it by, and its view."""

    text: str
    name: str | None
    pattern: URLPattern

    @property
    def keyword_arguments(self):
        return list(self.pattern.pattern.regex.groupindex)

    @property
    def positional_count(self):
        regex = self.pattern.pattern.regex
        return regex.groups - len(regex.groupindex)


def routes(patterns=None, prefix="", namespace=""):
    """Every URLPattern under ``patterns`` (the project's root URLconf by default)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Route(prefix + str(entry.pattern), name, entry)


# The primary key in "<pk>" depends on what the pattern is about: the first of these
# pattern prefixes that matches names it, as an attribute of the site (dotted).
PK_OWNERS = [
    ("admin/api/main/^pages/", "treatment.pk"),
    ("admin/api/main/^documents/", "document.pk"),
    ("admin/api/main/^images/", "image.pk"),
    ("admin/pages/", "treatment.pk"),
    ("admin/collections/", "collection.pk"),
    ("admin/workflows/tasks/", "task.pk"),
    ("admin/workflows/", "workflow.pk"),
    ("admin/settings/", "default_site.pk"),
    ("admin/images/", "image.pk"),
    ("admin/documents/", "document.pk"),
    ("admin/sites/", "default_site.pk"),
    ("admin/users/", "editor.pk"),
    ("admin/groups/", "group.pk"),
    ("admin/wordpress_import/", "imported_item.pk"),
]
SNIPPET_ROUTE = re.compile(r"admin/snippets/(?:choose/)?(?P<app>\w+)/(?P<model>\w+)/")

# Every other argument, by name: an attribute of the site, or a fixed value.
ARGUMENT_OBJECTS = {
    "page_id": "treatment.pk",
    "parent_page_id": "treatment_index.pk",
    "page_to_move_id": "treatment.pk",
    "destination_id": "treatment_index.pk",
    "page_pk": "treatment.pk",
    "workflow_pk": "workflow.pk",
    "revision_id": "revision.pk",
    "task_state_id": "task_state.pk",
    "workflow_state_id": "workflow_state.pk",
    "task_id": "task.pk",
    "image_id": "image.pk",
    "document_id": "document.pk",
    "doc_id": "document.pk",
    "redirect_id": "redirect.pk",
    "query_id": "query.pk",
    "collection_id": "collection.pk",
    "uploaded_file_id": "uploaded_file.pk",
    "session_id": "editing_session.pk",
    "restriction_id": "collection_restriction.pk",
    "page_view_restriction_id": "page_restriction.pk",
    "instance_pk": "tag.pk",
    "object_id": "treatment.pk",
    "path": "image.file.name",
}
FIXED_ARGUMENTS = {
    "content_type_app_name": "treatments",
    "content_type_model_name": "treatmentpage",
    "action_name": "approve",
    "filter_spec": "fill-80x80",
    "uidb64": "MQ",
    "token": "set-password",
    "revision_id_a": "earliest",
    "revision_id_b": "latest",
}
# Arguments naming a model or an action, by pattern name.
MODEL_ARGUMENTS = {
    "wagtail_bulk_action": {"app_label": "wagtailcore", "model_name": "page", "action": "publish"},
    "wagtailadmin_tag_model_autocomplete": {"app_name": "articles", "model_name": "articlepage"},
    "wagtailsettings:edit": {"app_name": "cms", "model_name": "clinicsettings"},
    "wagtailsettings:preview_on_edit": {"app_name": "cms", "model_name": "clinicsettings"},
    "wagtailadmin_pages:choose_parent": {"app_label": "treatments", "model_name": "treatmentpage"},
    "wagtailadmin_workflows:add_task": {"app_label": "wagtailcore", "model_name": "groupapprovaltask"},
    "wagtailadmin_editing_sessions:ping": {"app_label": "wagtailcore", "model_name": "page"},
}
# Patterns not walked, and why.
SKIPPED = {
    "wagtailadmin_error_test": "Wagtail's own page that raises an error on purpose, to show the 500 page",
}
# Patterns without a name cannot be reversed: an address each one answers.
UNNAMED = {
    "admin/test404/": "/admin/test404/",
    "admin/^.*/$": "/admin/no-such-admin-page/",
}


def walked_routes(method):
    """Every route not skipped; for POST, only those whose view could take one."""
    return [
        route
        for route in routes()
        if route.name not in SKIPPED and (method == "GET" or takes_post(route.pattern.callback))
    ]


def takes_post(view):
    """False for a class-based view without a ``post`` method; function views might take one."""
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    return view_class is None or hasattr(view_class, "post")


def primary_key(route, site):
    snippet = SNIPPET_ROUTE.match(route.text)
    if snippet:
        return apps.get_model(snippet["app"], snippet["model"]).objects.order_by("pk").first().pk
    for prefix, attribute in PK_OWNERS:
        if route.text.startswith(prefix):
            return attrgetter(attribute)(site)
    raise LookupError(f"No object for <pk> in {route.text!r}: add its prefix to PK_OWNERS.")


def argument_value(route, name, site):
    by_pattern = MODEL_ARGUMENTS.get(route.name, {})
    if name in by_pattern:
        return by_pattern[name]
    if name == "pk":
        return primary_key(route, site)
    if name in ARGUMENT_OBJECTS:
        return attrgetter(ARGUMENT_OBJECTS[name])(site)
    if name in FIXED_ARGUMENTS:
        return FIXED_ARGUMENTS[name]
    raise LookupError(f"No value for <{name}> in {route.text!r}: add one to tests/cms/url_walk.py.")


def concrete_urls(route, site):
    """The addresses of ``route`` for the site's objects: one each, but a page for each page served."""
    if route.name is None:
        if route.text not in UNNAMED:
            raise LookupError(f"Unnamed pattern {route.text!r}: add an address for it to UNNAMED.")
        return [UNNAMED[route.text]]
    if route.name == "wagtail_serve":
        return site.public_paths
    if route.name == "wagtaildocs_serve":
        return [reverse(route.name, args=[site.document.pk, site.document.filename])]
    if route.positional_count:
        raise LookupError(f"Positional arguments in {route.text!r}: give them values in concrete_urls.")
    kwargs = {name: argument_value(route, name, site) for name in route.keyword_arguments}
    return [reverse(route.name, kwargs=kwargs)]

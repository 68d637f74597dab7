"""No address, public or admin, answers a server error to malformed parameters.

The walk requests every URL pattern of the project (``tests/cms/url_walk.py``), its
arguments filled from a small real site, with hostile query strings and form data:
NUL and other control characters, overlong values, invalid UTF-8 percent-escapes,
non-numbers where numbers are read, negative and huge numbers, empty values, unknown
and repeated keys; anonymously and as a superuser, by GET and by POST. Each request
runs in a savepoint that is rolled back, so a POST that deletes or publishes leaves the
site as it was for the next address. Run it on PostgreSQL too: only there is NUL fatal.
"""

from http.cookies import SimpleCookie
from types import SimpleNamespace
from urllib.parse import quote, unquote

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
    UploadedFile,
    Workflow,
)
from wagtail.test.utils.form_data import nested_form_data

from search.models import SynonymGroup
from tests.cms.url_walk import concrete_urls, walked_routes
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ConditionFactory,
    ImageFactory,
    StaffAuthorFactory,
    TreatmentPageFactory,
    publish_signed_off,
)
from treatments.models import Condition
from wpimport.models import ImportedItem

# Reported cases


def test_nul_in_a_public_filter_is_refused_with_the_plain_400_page(client, treatment_index):
    """``/treatments/?condition=%00``: 400 and the friendly page, not a database error on PostgreSQL."""
    response = client.get("/treatments/?condition=%00")
    assert response.status_code == 400
    assert "Sorry, we could not read that request" in response.content.decode()


def test_nul_in_admin_parameters_is_refused(admin_client, home_page):
    """The admin API's ``search`` and the image chooser's ``tag`` holding NUL: 400."""
    assert admin_client.get("/admin/api/main/pages/?search=%00").status_code == 400
    assert admin_client.get("/admin/images/chooser/?tag=a%00b").status_code == 400


def test_nul_in_form_fields_is_refused_but_not_in_uploaded_files(admin_client, settings, tmp_path):
    """A NUL in a posted field is refused; a file's bytes may hold NULs and are uploaded."""
    settings.MEDIA_ROOT = tmp_path
    refused = admin_client.post(reverse("wagtaildocs:add"), {"title": "Leaflet\x00"})
    upload = SimpleUploadedFile("leaflet.pdf", b"%PDF-1.4\x00\x00binary")
    accepted = admin_client.post(reverse("wagtaildocs:add"), {"title": "Leaflet", "file": upload})
    assert refused.status_code == 400
    assert accepted.status_code == 302
    assert get_document_model().objects.get().title == "Leaflet"


def test_staff_authors_can_be_searched_by_name_and_role(admin_client, db):
    """The staff author snippet list finds 'priya' by name and 'coordinator' by role."""
    StaffAuthorFactory(name="Priya Shah", role="Patient coordinator")
    StaffAuthorFactory(name="Tom Reed", role="Nurse")
    by_name = admin_client.get("/admin/snippets/articles/staffauthor/", {"q": "priya"})
    by_role = admin_client.get("/admin/snippets/articles/staffauthor/", {"q": "coordinator"})
    for response in (by_name, by_role):
        assert response.status_code == 200
        assert "Priya Shah" in response.content.decode()
        assert "Tom Reed" not in response.content.decode()


def test_tag_list_ignores_parameters_it_does_not_read(admin_client, db):
    """``?utm_source=x`` on the tag list: the list, every tag in it."""
    Tag.objects.create(name="migraine")
    response = admin_client.get("/admin/taggit/tag/", {"utm_source": "x"})
    assert response.status_code == 200
    assert "migraine" in response.content.decode()


def edit_treatment_index(client, treatment_index, **extra):
    data = nested_form_data({"title": "Treatments", "slug": "treatments", "intro": "What we offer."})
    return client.post(f"/admin/pages/{treatment_index.pk}/edit/", {**data, **extra})


def test_a_junk_revision_to_overwrite_is_refused(admin_client, treatment_index):
    """Saving a page with ``overwrite_revision_id=abc``: 400 and no revision saved."""
    revisions = treatment_index.revisions.count()
    response = edit_treatment_index(admin_client, treatment_index, overwrite_revision_id="abc")
    assert response.status_code == 400
    assert treatment_index.revisions.count() == revisions


def test_the_revision_to_overwrite_is_still_overwritten(admin_client, admin_user, treatment_index):
    """A real revision id (autosave's) keeps working: that revision is updated, no new one added."""
    revision = treatment_index.save_revision(user=admin_user)
    response = edit_treatment_index(admin_client, treatment_index, overwrite_revision_id=str(revision.pk))
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.content["intro"] == "What we offer."
    assert treatment_index.revisions.count() == 1


# Site-wide and admin request rules


def test_a_next_that_is_not_an_address_is_ignored(admin_client, treatment_index):
    """Locking a page with ``next=abc`` goes where it would without one; a path in ``next`` is followed."""
    url = f"/admin/pages/{treatment_index.pk}/lock/"
    ignored = admin_client.post(url, {"next": "abc"})
    followed = admin_client.post(f"/admin/pages/{treatment_index.pk}/unlock/", {"next": "/admin/pages/"})
    assert ignored.status_code == followed.status_code == 302
    assert ignored["Location"] == f"/admin/pages/{treatment_index.get_parent().pk}/"
    assert followed["Location"] == "/admin/pages/"


@pytest.mark.parametrize(
    ("url", "refused", "accepted"),
    [
        ("/admin/choose-page/chosen-multiple/", "id=4&id=abc", "id={page}"),
        ("/admin/images/chooser/chosen-multiple/", "id=99999999999999999999", "id=1"),
        ("/admin/api/main/pages/find/", "id=-1", "id={page}"),
        ("/admin/bulk/wagtailcore/page/publish/", "id=", "id=all"),
        ("/admin/choose-external-link/", "parent_page_id=abc", "parent_page_id="),
        ("/admin/workflows/edit/1/", "p=0", "p=1"),
    ],
)
def test_ids_wagtail_reads_unchecked_must_be_numbers(admin_client, treatment_index, url, refused, accepted):
    """Where a Wagtail view would look up a word or a negative number as an id: 400; real ids still work."""
    assert admin_client.get(f"{url}?{refused}").status_code == 400
    response = admin_client.get(f"{url}?{accepted.format(page=treatment_index.pk)}")
    assert response.status_code < 400


def test_a_page_beyond_the_workflow_pages_list_is_not_found(admin_client, db):
    """The workflow edit view's list of pages: a page number past its end is a 404."""
    assert admin_client.get("/admin/workflows/edit/1/?p=50").status_code == 404


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/admin/choose-external-link/", {"external-link-chooser-link_text": "Book"}),
        ("/admin/pages/{page}/copy/", {"new_slug": "copy"}),
        ("/admin/pages/{page}/copy/", {"new_slug": "copy", "new_parent_page": "99999"}),
        ("/admin/redirects/import/process/", {"from_index": "0", "to_index": "1"}),
    ],
)
def test_forms_missing_what_wagtail_reads_unchecked_are_refused(admin_client, treatment_index, url, data):
    """A tampered form without the field (or page) the view takes for granted: 400, nothing done."""
    response = admin_client.post(url.format(page=treatment_index.pk), data)
    assert response.status_code == 400
    assert Page.objects.count() == 3  # Wagtail's root, the home page and the treatment index


def test_a_link_form_sent_empty_gets_its_error_not_a_400(admin_client, db):
    """Only a missing URL field is refused: an empty one is the form's to complain about."""
    response = admin_client.post("/admin/choose-external-link/", {"external-link-chooser-url": ""})
    assert response.status_code == 200
    assert "This field is required" in response.json()["html"]


def test_snippet_choosers_take_no_posts_without_a_creation_form(admin_client, db):
    """Posting to a snippet chooser's 'create' address (none offers a form): 405, nothing created."""
    response = admin_client.post("/admin/snippets/choose/treatments/condition/create/", {"name": "Acne"})
    assert response.status_code == 405
    assert not Condition.objects.exists()


# The walk

# Parameters Wagtail's views, its admin API and this project's views read (request.GET
# and request.POST names found in their code), and a few their filter forms read.
PARAMETER_NAMES = [
    "q", "p", "page", "ordering", "order", "order_by", "o", "ot", "search", "search_operator",
    "search_all", "tag", "tags", "type", "category", "condition", "collection_id", "collection",
    "locale", "content_type", "page_type", "parent_page_id", "child_of", "descendant_of",
    "ancestor_of", "translation_of", "for_explorer", "has_children", "fields", "limit", "offset",
    "id", "html_path", "next", "mode", "layout", "multiple", "select_format", "export", "filter",
    "revision_id", "overwrite_revision_id", "loaded_revision_id", "loaded_revision_created_at",
    "user_perms", "can_choose_root", "match_subclass", "include_descendants", "action",
    "workflow-action-name", "position", "new_parent_page", "width", "height", "closeness",
    "days", "level", "site", "user", "status", "timestamp_from", "timestamp_to", "owner",
    "created_at_from", "link_url", "link_text", "allow_external_link", "title", "slug",
    "rich_text_format", "polite_pages_only", "is_editing", "in_preview_panel", "term", "terms",
]  # fmt: skip

# Values as they appear in a query string or form body, already percent-encoded. Every
# probe gives every name all of them (repeated keys: ``getlist()`` reads them all); each
# is last, where ``get()`` reads it, in one probe.
JUNK = {
    "not a number": "abc%FF%FE%01%1B%7F" + "x" * 300,  # invalid UTF-8, control characters, overlong
    "negative": "-1",
    "huge": "99999999999999999999",  # beyond a 64-bit integer
    "empty": "",
}
NUL = "a%00b"


def encoded(pairs):
    """A query string or form body from (name, [encoded values]) pairs."""
    return "&".join(f"{quote(name)}={value}" for name, values in pairs for value in values)


def junk_with_last(last):
    """Every name with every junk value, ``JUNK[last]`` last, and an unknown key."""
    values = [value for kind, value in JUNK.items() if kind != last] + [JUNK[last]]
    return [(name, values) for name in PARAMETER_NAMES] + [("utm_source", ["x"])]


PROBES = {
    "NUL": [(name, [NUL]) for name in PARAMETER_NAMES] + [("\x00", ["x"])],
    **{f"junk, {kind} last": junk_with_last(kind) for kind in JUNK},
}


@pytest.fixture
def site(home_page, treatment_index, clinic_settings, admin_user, django_user_model, settings, tmp_path):
    """One of everything an address can name: pages, a revision in a workflow, media, snippets..."""
    settings.MEDIA_ROOT = tmp_path
    condition = ConditionFactory(slug="chronic-migraine")
    treatment = TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraine")
    treatment.conditions.add(condition)
    treatment.tags.add("migraine")
    publish_signed_off(treatment)
    article_index = ArticleIndexPageFactory(parent=home_page)
    ArticlePageFactory(
        parent=article_index,
        tags=["migraine"],
        related_treatments=[treatment],
        clinician_author=None,
        staff_author=StaffAuthorFactory(name="Priya Shah"),
    )
    private = TreatmentPageFactory(parent=treatment_index, title="Members only")
    page_restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    collection = Collection.get_first_root_node().add_child(name="Leaflets")
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="secret"
    )
    image = ImageFactory(collection=collection)
    image.tags.add("migraine")
    document = get_document_model().objects.create(
        title="Aftercare", file=ContentFile(b"%PDF-1.4 aftercare", name="aftercare.pdf")
    )
    workflow = Workflow.objects.filter(active=True).first()
    workflow_state = workflow.start(treatment, admin_user)
    query = Query.get("botox")
    SearchPromotion.objects.create(query=query, page=treatment, sort_order=0)
    SynonymGroup.objects.create(terms="botox\nbotulinum toxin")
    return SimpleNamespace(
        treatment=treatment,
        tag=Tag.objects.get(name="migraine"),
        treatment_index=treatment_index,
        revision=treatment.latest_revision,
        workflow=workflow,
        workflow_state=workflow_state,
        task_state=workflow_state.current_task_state,
        task=workflow_state.current_task_state.task,
        page_restriction=page_restriction,
        collection=collection,
        collection_restriction=collection_restriction,
        image=image,
        document=document,
        redirect=Redirect.objects.create(old_path="/old-botox", redirect_page=treatment),
        imported_item=ImportedItem.objects.create(
            source="https://old.example.com",
            wp_id=7,
            kind=ImportedItem.POST,
            content_hash="0" * 64,
            page=treatment,
        ),
        query=query,
        uploaded_file=UploadedFile.objects.create(
            file=ContentFile(b"GIF89a", name="upload.gif"),
            for_content_type=ContentType.objects.get_for_model(image),
            uploaded_by_user=admin_user,
        ),
        editing_session=EditingSession.objects.create(
            user=admin_user,
            content_type=ContentType.objects.get_for_model(Page),
            object_id=str(treatment.pk),
            last_seen_at=timezone.now(),
        ),
        editor=django_user_model.objects.create_user("editor", "editor@example.com", "password"),
        group=Group.objects.order_by("pk").first(),
        default_site=Site.objects.get(is_default_site=True),
        superuser=admin_user,
        public_paths=[
            *(page.url for page in Page.objects.live().specific() if page.depth > 1),
            article_index.tag_url("migraine"),
            article_index.feed_url(),
        ],
    )


class Walker:
    """Sends probes as one visitor, each request in a rolled-back savepoint, and notes server errors.

    A probe that fails is sent again one parameter at a time, to name the culprits.
    """

    def __init__(self, user=None):
        self.client = Client(raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)
        self.signed_in = SimpleCookie(self.client.cookies.output(header="", sep="\n"))
        self.failures = []

    def fails(self, method, url, pairs):
        """Whether the request answers a server error; it leaves the site and the sign-in as they were."""
        self.client.cookies = SimpleCookie(self.signed_in.output(header="", sep="\n"))
        body = encoded(pairs)
        with transaction.atomic():
            if method == "GET":
                response = self.client.get(f"{url}?{body}")
            else:
                response = self.client.post(url, body, content_type="application/x-www-form-urlencoded")
            transaction.set_rollback(True)
        return response.status_code >= 500

    def probe(self, method, url, label, pairs):
        if not self.fails(method, url, pairs):
            return
        if self.fails(method, url, []):
            culprits = "fails without any parameter too"
        else:
            culprits = ", ".join(
                f"{name}={unquote(values[-1])[:30]!r}"
                for name, values in pairs
                if self.fails(method, url, [(name, values)])
            )
        self.failures.append(f"{method} {url} {label}: {culprits or 'only all together'}")


def walk(site, user, method):
    walker = Walker(user)
    for route in walked_routes(method):
        for url in concrete_urls(route, site):
            for label, pairs in PROBES.items():
                walker.probe(method, url, label, pairs)
    return walker.failures


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "superuser"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_no_address_answers_hostile_parameters_with_a_server_error(site, signed_in, method):
    """Every address answers hostile query strings (GET) and form bodies (POST) with a page or a 4xx."""
    failures = walk(site, site.superuser if signed_in else None, method)
    assert not failures, "Server errors:\n" + "\n".join(failures)

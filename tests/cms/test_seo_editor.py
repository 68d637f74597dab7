"""The bulk SEO editor (Reports > Bulk SEO editor, ``cms.seo_editor``).

Who may open it, what its table shows (live pages, their shown lengths, the problems
``cms.page_checks`` finds), its filters, and saving: each changed row becomes a
revision that is published at once, a row's error stays on its row with what was typed
while the other rows are saved, a row changed by someone else since the table was
loaded is refused, and a signed-off treatment keeps its sign-off. Its queries do not
grow with the number of pages, and hostile input gets a form error.
"""

from html.parser import HTMLParser

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Page

from cms.page_checks import page_problems
from cms.seo_editor import SeoEditorMenuItem
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ImageFactory,
    TreatmentPageFactory,
    full_body,
)

pytestmark = pytest.mark.django_db

URL = reverse("cms_seo_editor")
LONG_DESCRIPTION = "Botulinum toxin injections for chronic migraine, " * 5  # 250 characters
#: The table's queries for any number of pages (measured: see the budget test).
QUERY_BUDGET = 29


@pytest.fixture
def seo_client(client, member):
    client.force_login(member("SEO staff"))
    return client


@pytest.fixture
def treatment(treatment_index, clinic_settings):
    """A live, signed-off treatment whose description is too long for search results."""
    return TreatmentPageFactory(
        parent=treatment_index,
        title="Botox for chronic migraine",
        search_description=LONG_DESCRIPTION,
        body=full_body(),
    )


@pytest.fixture
def article(home_page, clinic_settings):
    index = ArticleIndexPageFactory(parent=home_page)
    return ArticlePageFactory(
        parent=index, title="Migraine diaries", search_description="What to write down."
    )


def live(page):
    return Page.objects.get(pk=page.pk).specific


class FormFields(HTMLParser):
    """The fields of the table's POST form as a browser would send them, unchanged."""

    def __init__(self):
        super().__init__()
        self.data, self.in_form, self.textarea = [], False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.in_form = True
        elif self.in_form and tag == "input" and attrs.get("name"):
            self.data.append((attrs["name"], attrs.get("value") or ""))
        elif self.in_form and tag == "textarea":
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea:
            name, value = self.textarea
            self.data.append((name, value[1:] if value.startswith("\n") else value))
            self.textarea = None


def table_form(client, query=""):
    """Open the table and read its form: ``{name: [values]}``."""
    response = client.get(URL + query)
    assert response.status_code == 200
    parser = FormFields()
    parser.feed(response.content.decode())
    fields = {}
    for name, value in parser.data:
        fields.setdefault(name, []).append(value)
    return fields


def typed(fields, page, **changes):
    """``fields`` with what the user typed into ``page``'s row."""
    for name, value in changes.items():
        fields[f"page-{page.pk}-{name}"] = [value]
    return fields


def save(client, fields, query=""):
    return client.post(URL + query, fields)


def messages_of(response):
    return " ".join(str(message) for message in response.context["messages"]) if response.context else ""


def row_html(response, page):
    """The table row of ``page`` in ``response``."""
    content = response.content.decode()
    start = content.index(f'<tr id="page-{page.pk}"')
    return content[start : content.index("</tr>", start)]


# Who may open it


@pytest.mark.parametrize(
    ("group", "opens"),
    [("SEO staff", True), ("Editors", True), ("Medical reviewers", False), (None, False)],
)
def test_seo_staff_and_editors_open_it_others_are_turned_away(client, member, treatment, group, opens):
    """Turned away is a 403 or a redirect, never a server error; their posts change nothing."""
    client.force_login(member(group))
    prefix = f"page-{treatment.pk}"
    posted = {
        "pages": [str(treatment.pk)],
        f"{prefix}-revision": str(treatment.latest_revision_id),
        f"{prefix}-search_description": "Shorter.",
        f"initial-{prefix}-search_description": LONG_DESCRIPTION,
    }

    opened = client.get(URL)
    saved = client.post(URL, posted)

    if opens:
        assert opened.status_code == 200
        assert "Botox for chronic migraine" in opened.content.decode()
        assert live(treatment).search_description == "Shorter."
    else:
        assert opened.status_code in (302, 403)
        assert saved.status_code in (302, 403)
        assert live(treatment).search_description == LONG_DESCRIPTION


def test_anonymous_visitors_are_sent_to_sign_in(client, treatment):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


@pytest.mark.parametrize(
    ("group", "shown"), [("SEO staff", True), ("Editors", True), ("Medical reviewers", False)]
)
def test_it_is_listed_under_reports_for_those_who_may_open_it(member, group, shown):
    request = RequestFactory().get("/admin/")
    request.user = member(group)
    assert SeoEditorMenuItem("Bulk SEO editor", URL).is_shown(request) is shown


# What the table shows


def test_the_table_lists_live_pages_with_shown_lengths_and_problems(seo_client, treatment, article):
    """Lengths as search results show them (the clinic name after the title); problems from page checks."""
    TreatmentPageFactory(parent=treatment.get_parent(), title="Unpublished peel", live=False)

    response = seo_client.get(URL)

    content = response.content.decode()
    assert "Unpublished peel" not in content
    row = row_html(response, treatment)
    shown_title = "Botox for chronic migraine | Harbour Lane Clinic"
    assert f"Shown: {len(shown_title)} characters of 60" in row
    assert f"Shown: {len(LONG_DESCRIPTION.strip())} characters of 160" in row
    problems = page_problems(live(treatment))
    assert [str(problem.label) for problem in problems] == ["Description too long"]
    assert f"Description too long: {len(LONG_DESCRIPTION.strip())} characters" in row
    assert "None found" in row_html(response, article)


def test_a_description_falling_back_to_the_summary_is_counted_as_shown(seo_client, treatment):
    """No search description: the summary is what search results show, and what is counted."""
    treatment.search_description = ""
    treatment.save_revision().publish()

    row = row_html(seo_client.get(URL), treatment)

    assert f"Shown: {len(treatment.summary)} characters of 160" in row


# Filters


@pytest.fixture
def pages(treatment, article):
    """A treatment with a description too long, one without questions and answers, an article with none."""
    without_faq = TreatmentPageFactory(
        parent=treatment.get_parent(), title="Laser hair removal", body=full_body()[:-1]
    )
    return {"long description": treatment, "no faq": without_faq, "fine": article}


def listed(response, pages):
    content = response.content.decode()
    return {name for name, page in pages.items() if f'id="page-{page.pk}"' in content}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"long description", "no faq", "fine"}),
        ("?type=treatments.treatmentpage", {"long description", "no faq"}),
        ("?type=articles.articlepage", {"fine"}),
        ("?problem=any", {"long description", "no faq"}),
        ("?problem=long-description", {"long description"}),
        ("?problem=missing-faq", {"no faq"}),
        ("?type=articles.articlepage&problem=missing-faq", set()),
    ],
)
def test_the_table_narrows_to_a_page_type_and_a_problem(seo_client, pages, query, expected):
    response = seo_client.get(URL + query)
    assert response.status_code == 200
    assert listed(response, pages) == expected


@pytest.mark.parametrize(
    "query",
    [
        "?type=nope",
        "?type=wagtailcore.page",
        "?problem=%3Cscript%3E",
        "?type=&problem=",
        "?p=abc",
        "?p=-1",
        "?p=99999999999999999999",
        "?type=treatments.treatmentpage&type=x" + "x" * 5000,
    ],
)
def test_filter_values_it_does_not_know_are_ignored(seo_client, pages, query):
    """An unknown page type, problem or page number: the whole table, and the filter's error; no 500."""
    response = seo_client.get(URL + query)
    assert response.status_code == 200
    assert listed(response, pages) >= {"long description", "no faq"}


def test_no_page_matching_says_so(seo_client, article):
    response = seo_client.get(URL + "?problem=missing-faq")
    assert "No live page matches these filters." in response.content.decode()


# Saving


def test_saving_a_row_publishes_a_new_revision(seo_client, treatment, article):
    """Only the row changed is saved: its new revision is the live one; the other rows are left alone."""
    article_revisions = article.revisions.count()
    revisions = treatment.revisions.count()
    fields = typed(table_form(seo_client), treatment, search_description="Botox for chronic migraine.")

    response = save(seo_client, fields)

    assert response.status_code == 302
    page = live(treatment)
    assert page.search_description == "Botox for chronic migraine."
    assert page.revisions.count() == revisions + 1
    assert page.live_revision == page.latest_revision
    assert not page.has_unpublished_changes
    assert not page.workflow_states.exists()
    assert article.revisions.count() == article_revisions
    assert "Published: “Botox for chronic migraine”" in messages_of(seo_client.get(response["Location"]))


def test_saving_keeps_the_filters(seo_client, treatment):
    query = "?type=treatments.treatmentpage"
    fields = typed(table_form(seo_client, query), treatment, seo_title="Botox for migraine")

    response = save(seo_client, fields, query)

    assert response["Location"] == URL + query


def test_saving_nothing_changed_publishes_nothing(seo_client, treatment, article):
    revisions = Page.objects.get(pk=treatment.pk).revisions.count()

    response = save(seo_client, table_form(seo_client))

    assert Page.objects.get(pk=treatment.pk).revisions.count() == revisions
    assert "Nothing was changed." in messages_of(seo_client.get(response["Location"]))


def test_an_invalid_canonical_url_is_a_row_error_and_other_rows_are_saved(seo_client, treatment, article):
    fields = table_form(seo_client)
    typed(fields, treatment, canonical_url="not an address", seo_title="Botox for migraine")
    typed(fields, article, search_description="What to write down, and why.")

    response = save(seo_client, fields)

    assert response.status_code == 200
    row = row_html(response, treatment)
    assert "Enter a valid URL." in row
    assert 'value="not an address"' in row, "what was typed is kept"
    assert 'value="Botox for migraine"' in row
    assert live(treatment).canonical_url == ""
    assert live(treatment).seo_title == ""
    assert live(article).search_description == "What to write down, and why."
    assert "1 page was not saved" in messages_of(response)
    assert "Published: “Migraine diaries”" in messages_of(response)


def test_a_row_changed_since_the_table_was_loaded_is_refused(seo_client, member, article):
    """Someone published the page meanwhile: nothing is published over their change, and the row says why."""
    fields = typed(table_form(seo_client), article, search_description="Mine.")
    someone = member("Editors")
    article.seo_title = "Their title"
    article.save_revision(user=someone).publish(user=someone)
    revisions = article.revisions.count()

    response = save(seo_client, fields)

    assert response.status_code == 200
    assert "was changed since you loaded the table" in row_html(response, article)
    assert "Mine.</textarea>" in row_html(response, article)
    assert (live(article).seo_title, live(article).search_description) == (
        "Their title",
        "What to write down.",
    )
    assert article.revisions.count() == revisions


def test_a_row_with_a_draft_not_yet_live_is_refused(seo_client, member, article):
    """Publishing it would publish someone's draft, or bury it: the draft stays the latest, unpublished."""
    someone = member("Editors")
    article.slug = "renamed"
    draft = article.save_revision(user=someone)
    fields = typed(table_form(seo_client), article, search_description="Mine.")

    response = save(seo_client, fields)

    assert "has a draft that is not live yet" in row_html(response, article)
    page = live(article)
    assert (page.slug, page.search_description) == ("migraine-diaries", "What to write down.")
    assert page.latest_revision == draft
    assert page.has_unpublished_changes


def test_someone_else_s_change_to_another_row_does_not_block_mine(seo_client, member, treatment, article):
    """A row left as it was is not saved, even if the page changed meanwhile: only typed rows count."""
    fields = typed(table_form(seo_client), treatment, search_description="Botox for chronic migraine.")
    someone = member("Editors")
    article.seo_title = "Their title"
    article.save_revision(user=someone).publish(user=someone)

    response = save(seo_client, fields)

    assert response.status_code == 302
    assert live(treatment).search_description == "Botox for chronic migraine."
    assert live(article).seo_title == "Their title"


def test_a_signed_off_treatment_stays_live_with_its_review_line(seo_client, client, treatment):
    """An SEO change leaves medical content alone: no new sign-off, the review line unchanged."""
    before = live(treatment)
    assert before.reviewed_by and before.last_reviewed
    sign_offs = before.sign_offs.count()
    fields = typed(table_form(seo_client), treatment, search_description="Botox for chronic migraine.")

    save(seo_client, fields)

    after = live(treatment)
    assert after.live and after.search_description == "Botox for chronic migraine."
    assert (after.reviewed_by, after.last_reviewed, after.next_review_due) == (
        before.reviewed_by,
        before.last_reviewed,
        before.next_review_due,
    )
    assert after.sign_offs.count() == sign_offs
    public = client.get(after.url).content.decode()
    assert "Medically reviewed by" in public
    assert '<meta name="description" content="Botox for chronic migraine.">' in public


# Queries


@pytest.mark.parametrize("count", [5, 30])
def test_the_table_s_queries_do_not_grow_with_the_pages(
    seo_client, treatment_index, clinic_settings, settings, tmp_path, django_assert_max_num_queries, count
):
    """The same budget for 5 pages and 30: treatments and articles, with images and links to check."""
    settings.MEDIA_ROOT = tmp_path
    image = ImageFactory()
    articles = ArticleIndexPageFactory(parent=treatment_index.get_parent())
    linked = TreatmentPageFactory(parent=treatment_index, title="Linked treatment", hero_image=image)
    link = f'<p>See <a linktype="page" id="{linked.pk}">the treatment</a>.</p>'
    for number in range(count - 1):
        if number % 2:
            TreatmentPageFactory(parent=treatment_index, title=f"Treatment {number}", hero_image=image)
        else:
            body = [{"type": "rich_text", "value": link}]
            ArticlePageFactory(
                parent=articles, title=f"Article {number}", tags=["migraine"], hero_image=image, body=body
            )

    with django_assert_max_num_queries(QUERY_BUDGET):
        response = seo_client.get(URL)

    assert response.content.decode().count('<tr id="page-') == count + 3  # with home and the two indexes


# Hostile input


HOSTILE = {
    "a huge title": {"seo_title": "x" * 100_000},
    "a huge description": {"search_description": "x" * 100_000},
    "a huge address": {"canonical_url": "https://example.com/" + "x" * 100_000},
    "control characters": {"seo_title": "Botox\x1b[31m for\x07 migraine"},
    "control characters in the description": {"search_description": "Shorter\x08 description"},
}


@pytest.mark.parametrize("typed_in", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_values_are_a_row_error(seo_client, treatment, typed_in):
    fields = typed(table_form(seo_client), treatment, **typed_in)

    response = save(seo_client, fields)

    assert response.status_code == 200
    assert 'class="error-message"' in row_html(response, treatment)
    assert live(treatment).search_description == LONG_DESCRIPTION
    assert live(treatment).seo_title == ""


@pytest.mark.parametrize(
    "tampered",
    [
        {"pages": ["abc", "-1", "99999999999999999999", ""]},
        {"page-abc-seo_title": ["x"], "pages": ["abc"]},
        {"revision": ["abc"]},
        {"revision": ["99999999999999999999"]},
        {"initial": ["abc"]},
    ],
    ids=["ids", "a row of no page", "a word for a revision", "a huge revision", "no hidden initial"],
)
def test_tampered_ids_never_answer_a_server_error(seo_client, treatment, tampered):
    """Ids not numbers, or not the table's: ignored, or refused on the row; never a server error."""
    fields = typed(table_form(seo_client), treatment, search_description="Shorter.")
    prefix = f"page-{treatment.pk}"
    for name, values in tampered.items():
        if name == "revision":
            fields[f"{prefix}-revision"] = values
        elif name == "initial":
            fields.pop(f"initial-{prefix}-search_description")
        else:
            fields[name] = values

    response = save(seo_client, fields)

    assert response.status_code in (200, 302, 400)
    if "revision" in tampered:
        assert live(treatment).search_description == LONG_DESCRIPTION

"""Page checks (cms/page_checks.py): each check finds its problem and stays quiet without it; the SEO
report and the editor's Checks panel list the same problems for the same page."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import CustomImage
from cms.page_checks import (
    SIMILAR_TITLE_RATIO,
    CheckContext,
    duplicate_title,
    headings_out_of_order,
    images_without_alt_text,
    links_to_unpublished_pages,
    long_description,
    long_title,
    missing_description,
    missing_title,
    normalised_title,
    page_problems,
    treatment_without_faq,
)
from cms.seo import build_report
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ImageFactory,
    TreatmentPageFactory,
    faq_value,
    full_body,
    stream_form_data,
    treatment_edit_fields,
)
from treatments.models import TreatmentPage


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def run(check, page, live_pages=()):
    """``check``'s problem details for ``page``, other titles compared with ``live_pages``."""
    return [problem.detail for problem in check(page, CheckContext.for_pages([page], list(live_pages)))]


def draft(**fields):
    """An unsaved treatment page, as the edit form holds one (a summary, so a description)."""
    fields.setdefault("title", "Botox for chronic migraine")
    fields.setdefault("summary", "Injections that can reduce headache days.")
    fields.setdefault("body", full_body())
    return TreatmentPage(**fields)


def rich_text(html):
    return [{"type": "rich_text", "value": html}, faq_value(1)]


def test_missing_title_is_a_problem_and_a_title_is_enough(db):
    """An empty (or blank) title and no SEO title: a problem; a title: none."""
    assert run(missing_title, draft(title="  ")) == ["Give the page a title."]
    assert run(missing_title, draft(title="Botox")) == []


def test_titles_over_60_characters_are_too_long_as_rendered(db):
    """61 characters is a problem, 60 is not; an SEO title is measured instead of the title."""
    assert run(long_title, draft(title="T" * 61)) == ["61 characters: " + "T" * 61]
    assert run(long_title, draft(title="T" * 60)) == []
    assert run(long_title, draft(title="Short", seo_title="S" * 61)) == ["61 characters: " + "S" * 61]


def test_titles_count_the_clinic_name_they_are_printed_with(treatment_index, clinic_settings):
    """A saved page's title is measured with ' | Harbour Lane Clinic' (22 characters) after it."""
    page = TreatmentPageFactory(parent=treatment_index, title="T" * 39)

    assert run(long_title, page) == ["61 characters: " + "T" * 39 + " | Harbour Lane Clinic"]


def test_a_page_without_description_or_summary_is_a_problem(db):
    """No search description and no summary to fall back on: a problem; either one: none."""
    assert run(missing_description, draft(summary="")) != []
    assert run(missing_description, draft(summary="", search_description="Plain words.")) == []
    assert run(missing_description, draft(summary="Plain words.")) == []


def test_descriptions_over_160_characters_are_too_long_including_the_fallback(db):
    """161 characters is a problem whether typed or taken from the summary; 160 is not."""
    assert run(long_description, draft(search_description="D" * 161)) == ["161 characters"]
    assert run(long_description, draft(summary="S" * 161)) == ["161 characters"]
    assert run(long_description, draft(search_description="D" * 160)) == []


def test_normalised_titles_ignore_case_punctuation_spacing_and_word_order():
    assert normalised_title("  Botox:  Chronic-Migraine ") == normalised_title("migraine chronic botox")


@pytest.mark.parametrize(
    "live, edited",
    [
        ("Botox for chronic migraine", "Botox for Chronic Migraine!"),  # the same once normalised
        ("Botox for chronic migraine", "Botox for chronic migraines"),  # 98
        ("Botox for chronic migraine", "Botox: chronic migraine"),  # 91.7, just over the threshold
        ("Dermal fillers for the lips", "Dermal fillers for lips"),  # 92
    ],
)
def test_a_title_at_or_over_the_threshold_duplicates_a_live_page(treatment_index, live, edited):
    """Titles scoring 90 or more once normalised are near-duplicates: the live page is named."""
    TreatmentPageFactory(parent=treatment_index, title=live)

    (detail,) = run(duplicate_title, draft(title=edited), TreatmentPage.objects.live())

    assert f"title as the live page “{live}”" in detail


@pytest.mark.parametrize(
    "live, edited",
    [
        ("Laser hair removal", "Laser hair removal cost"),  # 87.8, just under the threshold
        ("Botox for chronic migraine", "Botox for migraine"),  # 81.8
        ("Botox for chronic migraine", "Botox for teeth grinding"),
    ],
)
def test_a_title_under_the_threshold_is_not_a_duplicate(treatment_index, live, edited):
    """Different pages on a shared topic score under 90 and are left alone."""
    TreatmentPageFactory(parent=treatment_index, title=live)

    assert run(duplicate_title, draft(title=edited), TreatmentPage.objects.live()) == []


def test_threshold_is_ninety():
    """The examples above sit either side of this number."""
    assert SIMILAR_TITLE_RATIO == 90


def test_a_draft_is_not_a_duplicate_of_its_own_live_version(treatment_index):
    """The page's own live title is left out: only other live pages count."""
    live = TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraine")
    edited = live.get_latest_revision_as_object()
    edited.title = "Botox for chronic migraines"

    assert run(duplicate_title, edited, TreatmentPage.objects.live()) == []


def test_an_seo_title_is_compared_before_the_title(treatment_index):
    """Search results show the SEO title, so it is what competes."""
    TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraine")

    assert run(
        duplicate_title,
        draft(title="Other", seo_title="Botox for chronic migraine"),
        TreatmentPage.objects.all(),
    )
    assert not run(duplicate_title, draft(seo_title="Migraine clinic"), TreatmentPage.objects.all())


def test_images_without_alt_text_on_the_page_are_problems(db):
    """The main image and an image in the body, each without alt text, are named; described ones are not."""
    blank = ImageFactory(title="Blank hero")
    body_image = ImageFactory(title="Body picture")
    described = ImageFactory(title="Described")
    CustomImage.objects.filter(pk__in=[blank.pk, body_image.pk]).update(description=" ")
    body = [{"type": "image", "value": {"image": body_image.pk, "caption": ""}}, faq_value(1)]

    assert run(images_without_alt_text, draft(hero_image=blank, body=body)) == [
        "“Blank hero” has no alt text",
        "“Body picture” has no alt text",
    ]
    assert run(images_without_alt_text, draft(hero_image=described)) == []


@pytest.mark.parametrize(
    "html, expected",
    [
        ("<h2>Before</h2><h4>Skipped</h4>", ["“Skipped” is at level 4 after a level 2 heading: make it 3."]),
        ("<h3>Too deep</h3>", ["“Too deep” is at level 3 after a level 1 heading: make it 2."]),
        (
            "<h1>Second title</h1>",
            ["“Second title” is a main heading; the page title is the only one. Use a subheading."],
        ),
        ("<h2>Section</h2><h3>Part</h3><h2>Next</h2><h3>Part</h3>", []),
    ],
)
def test_headings_out_of_order_are_problems(db, html, expected):
    """A skipped level or a second main heading is named; an outline without skips is not."""
    assert run(headings_out_of_order, draft(body=rich_text(html))) == expected


def test_a_section_block_counts_as_a_level_2_heading(db):
    """A rich text subheading at level 3 after a section (printed at level 2) is in order."""
    body = [faq_value(1), {"type": "rich_text", "value": "<h3>More about it</h3>"}]

    assert run(headings_out_of_order, draft(body=body)) == []


def test_a_treatment_without_questions_and_answers_is_a_problem(db, treatment_index):
    """A treatment needs a faq block; an article does not."""
    body = [block for block in full_body() if block["type"] != "faq"]

    assert run(treatment_without_faq, draft(body=body)) != []
    assert run(treatment_without_faq, draft()) == []
    article_index = ArticleIndexPageFactory(parent=treatment_index.get_parent())
    assert run(treatment_without_faq, ArticlePageFactory(parent=article_index)) == []


def test_links_to_unpublished_or_deleted_pages_are_problems(treatment_index):
    """Rich text page links and a call to action's chosen page: a draft or a deleted page is named."""
    live = TreatmentPageFactory(parent=treatment_index, title="Live one")
    unpublished = TreatmentPageFactory(parent=treatment_index, title="Not yet", live=False)
    body = [
        {
            "type": "rich_text",
            "value": f'<p><a linktype="page" id="{live.pk}">a</a>'
            f' <a id="{unpublished.pk}" linktype="page">b</a> <a linktype="page" id="999999">c</a></p>',
        },
        {
            "type": "cta",
            "value": {
                "heading": "Book",
                "text": "",
                "button_label": "Go",
                "page": unpublished.pk,
                "external_url": "",
            },
        },
    ]

    assert run(links_to_unpublished_pages, draft(body=body)) == [
        "Links to “Not yet”, which is not published",
        "A link points to a page that has been deleted",
    ]
    assert (
        run(links_to_unpublished_pages, draft(body=rich_text(f'<a linktype="page" id="{live.pk}">x</a>')))
        == []
    )


def edit_form_data(page, **fields):
    """The treatment edit form's data for ``page`` as saved, with ``fields`` changed."""
    body = streamfield(stream_form_data(page.body.stream_block, page.body.get_prep_value()))
    return nested_form_data(treatment_edit_fields(page, body, **fields))


@pytest.fixture
def page_with_problems(treatment_index):
    """A live treatment with one problem of most kinds, beside a near-duplicate live treatment."""
    TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraine")
    unpublished = TreatmentPageFactory(parent=treatment_index, title="Coming soon", live=False)
    image = ImageFactory(title="No words")
    CustomImage.objects.filter(pk=image.pk).update(description="")
    body = [
        {
            "type": "rich_text",
            "value": f'<h3>Jumped</h3><p><a linktype="page" id="{unpublished.pk}">x</a></p>',
        },
        {"type": "image", "value": {"image": image.pk, "caption": ""}},
    ]
    return TreatmentPageFactory(
        parent=treatment_index, title="Botox for chronic migraines", summary="S" * 170, body=body
    )


def test_the_seo_report_lists_the_same_problems_as_the_checks(page_with_problems):
    """Every problem of the page, and nothing else about it, is a row of the report."""
    reported = [
        problem.detail
        for section in build_report()
        for problem in section.problems
        if problem.object is not None and problem.object.pk == page_with_problems.pk
    ]
    checked = [problem.detail for problem in page_problems(page_with_problems)]

    assert len(checked) == 6  # description, duplicate, alt text, heading, FAQ, link
    assert sorted(map(str, reported)) == sorted(map(str, checked))


def test_the_editor_checks_panel_lists_the_same_problems(admin_client, page_with_problems):
    """The Checks side panel of the edit page shows each problem the report lists for the page."""
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page_with_problems.pk]))

    panel = BeautifulSoup(response.content, "html.parser").select_one("[data-page-checks]")
    shown = [
        row.select_one(".w-content-checker__help").get_text(strip=True)
        for row in panel.select("[data-page-check]")
    ]
    assert shown == [str(problem.detail) for problem in page_problems(page_with_problems)]


def test_the_panel_checks_the_latest_draft(admin_client, treatment_index):
    """A draft's checks come from its latest revision, not from the live page."""
    TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraine")
    page = TreatmentPageFactory(parent=treatment_index, title="Fillers")
    page.title = "Botox for chronic migraine!"
    page.save_revision()

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert "Same title as the live page “Botox for chronic migraine”" in response.content.decode()


def test_the_panel_follows_the_preview(admin_client, treatment_index):
    """After the preview receives the form with a new title, the refreshed checks are about that title;
    with no preview data they are the saved page's."""
    TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraine")
    page = TreatmentPageFactory(parent=treatment_index, title="Fillers", body=rich_text("<p>Text.</p>")[:1])
    checks_url = reverse("cms_page_checks", args=[page.pk])
    assert "Checked as last saved." in admin_client.get(checks_url).content.decode()

    data = edit_form_data(page, title="Botox for chronic migraines")
    preview = admin_client.post(reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]), data)
    assert preview.json()["is_valid"], preview.content

    html = admin_client.get(checks_url).content.decode()
    assert "Checked as shown in the preview." in html
    assert "Nearly the same title as the live page “Botox for chronic migraine”" in html


def test_the_refreshed_checks_need_permission_to_edit_the_page(client, django_user_model, treatment_index):
    """A signed-in user who may not edit the page gets no checks of it."""
    page = TreatmentPageFactory(parent=treatment_index)
    user = django_user_model.objects.create_user(username="reader", password="x")
    client.force_login(user)

    response = client.get(reverse("cms_page_checks", args=[page.pk]))

    assert response.status_code in (302, 403)

"""The SEO report (cms/seo.py): each kind of problem is found, linked to its editor, in flat queries."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.models import CustomImage
from cms.seo import build_report, clinic_names_by_page, document_title
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ImageFactory,
    TreatmentPageFactory,
)

REPORT_URL = reverse("cms_seo_report")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def article_index(home_page):
    home_page.hero_text = "Welcome to the clinic."  # the home page has a description to fall back on
    home_page.save()
    return ArticleIndexPageFactory(parent=home_page)


def section(key, report=None):
    """The titles of the pages (or images) a report section lists."""
    report = report if report is not None else build_report()
    return [problem.label for problem in next(s for s in report if s.key == key).problems]


def test_pages_without_any_description_are_listed(article_index):
    """No search description and an empty summary fallback: listed. A fallback summary is enough."""
    article_index.intro = ""
    article_index.save()
    ArticlePageFactory(parent=article_index, title="Has an intro")
    ArticlePageFactory(parent=article_index, title="Has a description", search_description="Plain words.")

    assert section("missing-description") == ["Articles"]


def test_long_titles_count_the_seo_title_first(article_index):
    """The SEO title is what search engines show, so its length counts; the page title only without one."""
    ArticlePageFactory(parent=article_index, title="T" * 61)
    ArticlePageFactory(parent=article_index, title="Short enough", seo_title="S" * 61)
    ArticlePageFactory(parent=article_index, title="L" * 80, seo_title="A short SEO title")
    ArticlePageFactory(parent=article_index, title="E" * 60)

    assert section("long-title") == ["T" * 61, "Short enough"]


def test_long_titles_are_measured_as_rendered_with_the_clinic_name(article_index, clinic_settings):
    """A page title is measured with the ' | Harbour Lane Clinic' (22 characters) the page prints after it;
    an SEO title, printed as typed, is measured as typed; a title naming the clinic gets no suffix."""
    ArticlePageFactory(parent=article_index, title="T" * 39)  # 61 with the suffix
    ArticlePageFactory(parent=article_index, title="F" * 38)  # 60
    ArticlePageFactory(parent=article_index, title="Short", seo_title="S" * 60)
    ArticlePageFactory(parent=article_index, title="Harbour Lane Clinic " + "N" * 40)  # 60, no suffix

    report = build_report()
    long_titles = next(s for s in report if s.key == "long-title").problems

    assert [problem.label for problem in long_titles] == ["T" * 39]
    assert long_titles[0].detail == "61 characters: " + "T" * 39 + " | Harbour Lane Clinic"


def test_report_measures_exactly_the_rendered_title(client, article_index, treatment_index, clinic_settings):
    """For each kind of page, the title the report counts is the <title> element the page renders."""
    pages = [
        article_index.get_parent().specific,
        article_index,
        ArticlePageFactory(parent=article_index, title="A" * 50),
        TreatmentPageFactory(parent=treatment_index, title="Botox", seo_title="B" * 61),
    ]
    long_titles = {
        problem.object.pk: problem.detail
        for problem in next(s for s in build_report() if s.key == "long-title").problems
    }

    for page in pages:
        rendered = BeautifulSoup(client.get(page.url).content, "html.parser").title.string
        measured = document_title(page, clinic_names_by_page([page])[page.pk])
        assert measured == rendered, page.url
        if len(rendered) > 60:
            assert long_titles[page.pk] == f"{len(rendered)} characters: {rendered}"
        else:
            assert page.pk not in long_titles


def test_long_descriptions_include_the_fallback(article_index):
    """Descriptions over 160 characters are listed, whether typed or taken from the intro."""
    ArticlePageFactory(parent=article_index, title="Typed", search_description="D" * 161)
    ArticlePageFactory(parent=article_index, title="From intro", intro="I" * 161)
    ArticlePageFactory(parent=article_index, title="Just right", search_description="D" * 160)

    assert section("long-description") == ["Typed", "From intro"]


def test_duplicate_titles_are_listed_together(article_index, treatment_index):
    """Pages sharing a title (ignoring case, SEO title first) are all listed, once each."""
    ArticlePageFactory(parent=article_index, title="Migraine")
    TreatmentPageFactory(parent=treatment_index, title="migraine")
    ArticlePageFactory(parent=article_index, title="Unique", seo_title="Migraine")
    ArticlePageFactory(parent=article_index, title="Different")

    assert sorted(section("duplicate-title"), key=str.lower) == ["Migraine", "migraine", "Unique"]


def test_images_without_alt_text_are_listed(article_index):
    """Images whose alt text is empty or only spaces are listed."""
    ImageFactory(title="Described")
    ImageFactory(title="Blank")
    ImageFactory(title="Spaces")
    CustomImage.objects.filter(title="Blank").update(description="")
    CustomImage.objects.filter(title="Spaces").update(description="   ")

    assert sorted(section("missing-alt-text")) == ["Blank", "Spaces"]


def test_drafts_and_hidden_pages_are_not_reported(article_index):
    """Only what search engines can see counts: drafts and no-index pages are left out."""
    ArticlePageFactory(parent=article_index, title="D" * 70, live=False)
    ArticlePageFactory(parent=article_index, title="N" * 70, no_index=True)

    assert section("long-title") == []


def test_report_page_links_each_row_to_its_editor(client, admin_user, article_index):
    """Each page row links to the page editor and each image row to the image editor."""
    client.force_login(admin_user)
    page = ArticlePageFactory(parent=article_index, title="T" * 61)
    image = ImageFactory()
    CustomImage.objects.filter(pk=image.pk).update(description="")

    response = client.get(REPORT_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[page.pk])}"' in html
    assert f'href="{reverse("wagtailimages:edit", args=[image.pk])}"' in html
    assert "Nothing to fix here." in html  # e.g. no duplicate titles


def report_queries(client):
    client.get(REPORT_URL)  # the first admin request also caches the user's permissions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(REPORT_URL).status_code == 200
    return len(queries)


def test_report_query_count_does_not_grow_with_pages(client, admin_user, article_index, treatment_index):
    """Three or thirty problem pages of each kind (long description, duplicate title, an image without
    alt text, a link to an unpublished page) take the same number of queries."""
    client.force_login(admin_user)

    def add_problems(count):
        for _ in range(count):
            image = ImageFactory()
            CustomImage.objects.filter(pk=image.pk).update(description="")
            draft = ArticlePageFactory(parent=article_index, live=False)
            body = [
                {"type": "image", "value": {"image": image.pk, "caption": ""}},
                {"type": "rich_text", "value": f'<p><a linktype="page" id="{draft.pk}">Soon</a></p>'},
            ]
            article = ArticlePageFactory(parent=article_index, intro="I" * 170, body=body)
            ArticlePageFactory(parent=article_index, title=article.title, slug=f"{article.slug}-copy")

    add_problems(3)
    few = report_queries(client)
    add_problems(27)
    many = report_queries(client)

    assert few == many
    assert len(next(s for s in build_report() if s.key == "unpublished-links").problems) == 30

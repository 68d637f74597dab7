"""The article page: what it shows, its author rule, its JSON-LD, its preview and its query count."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from articles.models import ArticleIndexPage, ArticlePage
from cms.models import Clinician
from home.models import HomePage
from tests.factories import (
    ArticlePageFactory,
    ClinicianFactory,
    ImageFactory,
    StaffAuthorFactory,
    TreatmentPageFactory,
    faq_value,
    publish_signed_off,
)

HOSTILE_TITLE = 'Botox "myths" </script><script>alert(1)</script>'


@pytest.fixture
def treatment(treatment_index):
    return TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraine")


@pytest.fixture
def article(article_index, treatment, clinic_settings):
    return ArticlePageFactory(
        parent=article_index,
        title="How Botox helps chronic migraine",
        clinician_author=ClinicianFactory(
            name="Dr Amara Okafor", credentials="MBBS, MRCP", role="Neurologist"
        ),
        hero_image=ImageFactory(),
        tags=["migraine", "Botox"],
        related_treatments=[treatment],
    )


def json_ld_nodes(html):
    """Every JSON-LD node printed in ``html``, parsed."""
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(script) for script in scripts]


def blog_posting(html):
    return next(node for node in json_ld_nodes(html) if node["@type"] == "BlogPosting")


def test_shows_author_date_tags_and_treatments(client, article, article_index, treatment):
    """The page names its author with credentials and role, its date, linked tags and treatments."""
    html = client.get(article.url).content.decode()

    assert "Written by Dr Amara Okafor, MBBS, MRCP" in html
    assert "Neurologist" in html
    assert f'<time datetime="{article.date:%Y-%m-%d}">' in html
    assert f'href="{article_index.url}tags/migraine/"' in html
    assert f'href="{treatment.url}"' in html
    assert 'aria-label="Breadcrumb"' in html


def test_only_live_treatments_are_shown(client, article, treatment):
    """A treatment the article names is left out while it is unpublished."""
    treatment.unpublish()

    html = client.get(article.url).content.decode()

    assert "Treatments in this article" not in html


def test_staff_authors_are_shown_too(client, article_index):
    """An article by a staff author names them and their role."""
    author = StaffAuthorFactory(
        name="Priya Shah", role="Patient coordinator", bio="Priya looks after new patients."
    )
    article = ArticlePageFactory(parent=article_index, clinician_author=None, staff_author=author)

    html = client.get(article.url).content.decode()

    assert "Written by Priya Shah" in html
    assert "Priya looks after new patients." in html


def test_a_live_article_needs_exactly_one_author(article_index):
    """Live, an article has a clinician or a staff author: not neither and not both."""
    article = ArticlePageFactory(parent=article_index)
    for clinician, staff in [(None, None), (ClinicianFactory(), StaffAuthorFactory())]:
        article.clinician_author, article.staff_author = clinician, staff
        with pytest.raises(ValidationError) as error:
            article.full_clean()
        assert set(error.value.message_dict) >= {"clinician_author", "staff_author"}


def test_a_draft_may_wait_for_its_author_but_not_have_two(article_index):
    article = ArticlePageFactory(parent=article_index, live=False, clinician_author=None, staff_author=None)
    article.full_clean()
    article.clinician_author, article.staff_author = ClinicianFactory(), StaffAuthorFactory()
    with pytest.raises(ValidationError):
        article.full_clean()


def test_blog_posting_json_ld_comes_from_the_fields(client, article, clinic_settings):
    """BlogPosting carries headline, dates, author, image, publisher and the page it belongs to."""
    publish_signed_off(article)
    article.refresh_from_db()

    node = blog_posting(client.get(article.url).content.decode())

    assert node["@context"] == "https://schema.org"
    assert node["headline"] == article.title
    assert node["datePublished"] == article.date.isoformat()
    assert node["dateModified"].startswith(article.last_published_at.date().isoformat())
    assert node["author"] == {
        "@type": "Person",
        "name": "Dr Amara Okafor",
        "honorificSuffix": "MBBS, MRCP",
        "jobTitle": "Neurologist",
    }
    assert node["image"].startswith("http://") and node["image"].endswith(".jpg")
    assert node["publisher"] == {
        "@type": "MedicalClinic",
        "name": clinic_settings.name,
        "url": "http://localhost/",
    }
    assert node["mainEntityOfPage"]["@id"] == article.get_full_url()
    assert sorted(node["keywords"]) == ["Botox", "migraine"]
    assert node["about"][0]["name"] == "Botox for chronic migraine"


@pytest.mark.parametrize("words", ["Okafor", "insomnia", "answered plainly"])
def test_articles_are_searchable_by_author_tags_and_intro(article, words):
    """The search index holds the author's name, the tags and the intro, not only the title."""
    article.tags.add("insomnia")
    publish_signed_off(article)

    assert list(ArticlePage.objects.live().search(words)) == [article]


def test_faq_blocks_also_give_faq_json_ld(client, article_index):
    """An article with questions and answers prints FAQPage JSON-LD for them."""
    article = ArticlePageFactory(parent=article_index, body=[faq_value(2)])

    nodes = json_ld_nodes(client.get(article.url).content.decode())

    faq = next(node for node in nodes if node["@type"] == "FAQPage")
    assert [q["name"] for q in faq["mainEntity"]] == ["Question 0?", "Question 1?"]


def test_hostile_titles_stay_escaped_in_meta_tags_and_json_ld(client, article_index, clinic_settings):
    """A title with quotes and </script> cannot break out of attributes or the JSON-LD script."""
    article = ArticlePageFactory(parent=article_index, title=HOSTILE_TITLE, slug="myths")

    html = client.get(article.url).content.decode()

    assert "<script>alert(1)" not in html
    assert '<meta property="og:title" content="Botox &quot;myths&quot; &lt;/script&gt;' in html
    assert blog_posting(html)["headline"] == HOSTILE_TITLE


def test_preview_shows_unsaved_tags_and_treatments(article, treatment_index):
    """A preview shows tags and treatments as edited, before anything is saved."""
    other = TreatmentPageFactory(parent=treatment_index, title="Nerve blocks for headache")
    edited = ArticlePage.objects.get(pk=article.pk)
    edited.tags.add("Sleep")
    edited.related_treatments.set([other])

    response = edited.make_preview_request()

    html = response.content.decode()
    assert response.status_code == 200
    assert ">Sleep</a>" in html
    assert "Nerve blocks for headache" in html
    assert "Botox for chronic migraine" not in html


def article_page_queries(client, article):
    client.get(article.url)  # first render makes the image renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.url).status_code == 200
    return len(queries)


def test_article_query_count_does_not_grow_with_tags_and_treatments(client, article_index, treatment_index):
    """One tag and treatment, or five of each, take the same queries to render."""
    few = ArticlePageFactory(
        parent=article_index,
        tags=["one"],
        related_treatments=[TreatmentPageFactory(parent=treatment_index)],
    )
    many = ArticlePageFactory(
        parent=article_index,
        tags=["one", "two", "three", "four", "five"],
        related_treatments=[TreatmentPageFactory(parent=treatment_index) for _ in range(5)],
    )

    assert article_page_queries(client, few) == article_page_queries(client, many) <= 18


class TestArticleAdmin(WagtailTestUtils):
    """Editors create articles only under the article index, and the index only under the home page."""

    def test_page_type_rules(self, article_index):
        assert ArticlePage.can_create_at(article_index)
        assert not ArticlePage.can_create_at(article_index.get_parent().specific)
        assert ArticleIndexPage.parent_page_types == ["home.HomePage"]
        assert not ArticleIndexPage.can_create_at(article_index)  # only one blog
        assert HomePage in ArticleIndexPage.allowed_parent_page_models()

    @staticmethod
    def article_form_data(treatment, **fields):
        """POST data for a valid new article by a clinician, naming ``treatment``."""
        data = nested_form_data(
            {
                "title": "Questions about migraine",
                "slug": "questions-about-migraine",
                "intro": "Plain answers. Ask your provider about your own care.",
                "date": "2026-05-01",
                "clinician_author": ClinicianFactory().pk,
                "body": streamfield([("rich_text", rich_text("<p>Hello</p>"))]),
                "tags": "migraine, questions",
                **fields,
            }
        )
        data["related_treatments"] = [treatment.pk]
        return data

    def test_editor_can_add_an_article_in_the_admin(self, client, admin_user, article_index, treatment):
        """The add form saves date, author, intro, body, tags and treatments."""
        client.force_login(admin_user)
        data = self.article_form_data(treatment)
        clinician = Clinician.objects.get(pk=data["clinician_author"])
        url = f"/admin/pages/add/articles/articlepage/{article_index.pk}/"

        response = client.post(url, data)

        assert response.status_code == 302, response.context["form"].errors if response.context else ""
        article = ArticlePage.objects.get(slug="questions-about-migraine")
        assert sorted(article.tags.names()) == ["migraine", "questions"]
        assert list(article.related_treatments.all()) == [treatment]
        assert article.clinician_author == clinician

    def test_a_new_article_can_be_saved_as_a_draft_before_choosing_its_author(
        self, client, admin_user, article_index, treatment
    ):
        """Save draft (and so autosave) keeps the work; Publish then asks for the author."""
        client.force_login(admin_user)
        url = f"/admin/pages/add/articles/articlepage/{article_index.pk}/"
        data = self.article_form_data(treatment, clinician_author="")

        response = client.post(url, {**data, "action-publish": "action-publish"})
        assert response.status_code == 200
        assert "Needed to publish: choose the author" in response.content.decode()
        assert not ArticlePage.objects.exists()

        assert client.post(url, data).status_code == 302
        draft = ArticlePage.objects.get(slug="questions-about-migraine")
        assert not draft.live and draft.author is None

    def test_two_authors_or_a_broken_body_give_form_errors(
        self, client, admin_user, article_index, treatment
    ):
        """Both kinds of author at once, or tampered block data, give form errors; nothing is saved."""
        client.force_login(admin_user)
        url = f"/admin/pages/add/articles/articlepage/{article_index.pk}/"
        both_authors = self.article_form_data(treatment, staff_author=StaffAuthorFactory().pk)
        broken_body = {**self.article_form_data(treatment), "body-count": "lots"}

        for data, message in [(both_authors, "Choose one author"), (broken_body, "could not be read")]:
            response = client.post(url, {**data, "action-publish": "action-publish"})
            assert response.status_code == 200
            assert response.context["form"].errors
            assert message in response.content.decode()
        assert not ArticlePage.objects.exists()

    def test_editor_can_publish_the_article_index(self, client, admin_user, home_page):
        """The blog index is created under the home page through the admin and goes live."""
        client.force_login(admin_user)
        data = nested_form_data({"title": "Articles", "slug": "articles", "intro": "News.", "per_page": "12"})
        url = f"/admin/pages/add/articles/articleindexpage/{home_page.pk}/"

        response = client.post(url, {**data, "action-publish": "action-publish"})

        assert response.status_code == 302, response.context["form"].errors if response.context else ""
        index = ArticleIndexPage.objects.get(slug="articles")
        assert index.live and index.per_page == 12

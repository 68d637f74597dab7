"""SEO fields while editing: social title and description, the Promote tab's search preview, tags' place."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Page, get_page_models

from cms.seo import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH
from cms.seo_fields import SEO_FIELDS
from signoff.models import MedicalReviewMixin
from tests.factories import ArticleIndexPageFactory, ArticlePageFactory, TreatmentPageFactory

PAGE_MODELS = [model for model in get_page_models() if model is not Page]


@pytest.fixture
def treatment(treatment_index, clinic_settings):
    return TreatmentPageFactory(
        parent=treatment_index,
        title="Botox for chronic migraine",
        slug="botox-for-chronic-migraine",
        summary="Injections that may mean fewer headache days.",
    )


@pytest.fixture
def article(home_page, clinic_settings):
    index = ArticleIndexPageFactory(
        parent=home_page, slug="articles", intro="Answers to patients' questions."
    )
    return ArticlePageFactory(parent=index, title="Living with migraine", slug="living-with-migraine")


def head_meta(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser").head
    return lambda **attrs: (
        soup.find("meta", attrs=attrs)["content"] if soup.find("meta", attrs=attrs) else None
    )


# Social title and description


def test_social_title_falls_back_to_the_seo_title_then_the_page_title(treatment):
    """Blank (or blank-looking) social title: the SEO title; without that, the page title."""
    assert treatment.get_social_title() == "Botox for chronic migraine"
    treatment.seo_title = "Botox for migraine | Harbour Lane"
    assert treatment.get_social_title() == "Botox for migraine | Harbour Lane"
    treatment.social_title = "   "
    assert treatment.get_social_title() == "Botox for migraine | Harbour Lane"
    treatment.social_title = "Fewer migraine days with Botox?"
    assert treatment.get_social_title() == "Fewer migraine days with Botox?"


def test_social_description_falls_back_to_the_meta_description_then_the_summary(treatment):
    assert treatment.get_social_description() == "Injections that may mean fewer headache days."
    treatment.search_description = "Botox injections for chronic migraine at our London clinic."
    assert treatment.get_social_description() == "Botox injections for chronic migraine at our London clinic."
    treatment.social_description = "Fifteen headache days a month? Ask us about Botox."
    assert treatment.get_social_description() == "Fifteen headache days a month? Ask us about Botox."


def test_shared_tags_use_the_social_fields_and_search_tags_do_not(client, treatment):
    """og: and twitter: title and description come from the social fields; the meta description
    and <title> stay the search ones."""
    treatment.search_description = "Botox injections for chronic migraine."
    treatment.social_title = "Fewer migraine days with Botox?"
    treatment.social_description = "Fifteen headache days a month? Ask us about Botox."
    treatment.save()

    meta = head_meta(client, treatment)

    assert meta(property="og:title") == meta(name="twitter:title") == "Fewer migraine days with Botox?"
    assert meta(property="og:description") == "Fifteen headache days a month? Ask us about Botox."
    assert meta(name="twitter:description") == "Fifteen headache days a month? Ask us about Botox."
    assert meta(name="description") == "Botox injections for chronic migraine."


def test_a_tag_listing_is_shared_with_its_own_title_and_description(client, article):
    """The index's social fields describe the index, not each tag's listing."""
    index = article.get_parent().specific
    index.social_title = "Our blog"
    index.social_description = "Everything we have written."
    index.save()
    article.tags.add("Migraine")
    article.save()

    response = client.get(index.tag_url("migraine"))
    soup = BeautifulSoup(response.content, "html.parser").head

    assert soup.find("meta", property="og:title")["content"] == "Articles about Migraine"
    assert soup.find("meta", property="og:description")["content"].startswith("Our articles about Migraine.")


def test_seo_fields_are_fields_of_every_page_type():
    """Each name in SEO_FIELDS is a field on every page type, except tags on types without tags."""
    for model in PAGE_MODELS:
        names = {field.name for field in model._meta.get_fields()}
        assert SEO_FIELDS - {"tags"} <= names, model
    assert {"tags"} <= {field.name for field in TreatmentPageFactory._meta.model._meta.get_fields()}


@pytest.mark.parametrize(
    "model",
    [model for model in PAGE_MODELS if issubclass(model, MedicalReviewMixin)],
    ids=lambda m: m.__name__,
)
def test_no_seo_field_counts_as_medical_content(model):
    assert not SEO_FIELDS & set(model.medical_fields)


def test_seo_changes_leave_the_medical_fingerprint_alone(treatment):
    """Changing every SEO field keeps the sign-off valid; changing the summary does not."""
    before = treatment.medical_fingerprint()
    treatment.seo_title = "Botox for migraine"
    treatment.search_description = "A new description."
    treatment.social_title = "Share this"
    treatment.social_description = "Shared text."
    treatment.canonical_url = "https://example.com/botox/"
    treatment.no_index = True
    treatment.tags.add("Migraine")
    assert treatment.medical_fingerprint() == before

    treatment.summary = "A changed summary."
    assert treatment.medical_fingerprint() != before


# The search preview on the Promote tab


def edit_page(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def snippet(soup):
    return soup.find(attrs={"data-controller": "seo-snippet"})


def tab_fields(soup, tab):
    """Names of the form fields inside the editor's tab ``tab`` ("content", "promote")."""
    panel = soup.find(id=f"tab-{tab}", attrs={"role": "tabpanel"})
    return {field["name"] for field in panel.find_all(["input", "textarea", "select"]) if field.get("name")}


def test_a_treatments_promote_tab_measures_the_title_with_the_clinic_name(admin_client, treatment):
    """The title counted is the page title plus " | Harbour Lane Clinic" (45 characters, fits);
    the description is the summary, with a note saying so."""
    soup = edit_page(admin_client, treatment)
    panel = snippet(soup)

    assert panel is not None
    assert panel["data-seo-snippet-clinic-name-value"] == "Harbour Lane Clinic"
    assert panel["data-seo-snippet-separator-value"] == " | "
    assert panel["data-seo-snippet-title-max-value"] == str(TITLE_MAX_LENGTH)
    assert panel["data-seo-snippet-description-max-value"] == str(DESCRIPTION_MAX_LENGTH)
    assert panel["data-seo-snippet-summary-field-value"] == "summary"
    assert panel["data-seo-snippet-fallback-value"] == "Injections that may mean fewer headache days."
    assert set(json.loads(panel["data-seo-snippet-texts-value"])["counter"]) == {"ok", "too-long", "missing"}

    title_count = panel.find(attrs={"data-seo-snippet-target": "titleCount"})
    assert title_count.get_text(strip=True) == "48 / 60 characters: fits"
    assert title_count["data-state"] == "ok"
    assert title_count["aria-live"] == "polite"
    assert panel.find(attrs={"data-seo-snippet-target": "title"}).get_text() == (
        "Botox for chronic migraine | Harbour Lane Clinic"
    )
    assert (
        "the summary is used" in panel.find(attrs={"data-seo-snippet-target": "descriptionNote"}).get_text()
    )
    assert panel.find(attrs={"data-seo-snippet-target": "description"}).get_text() == (
        "Injections that may mean fewer headache days."
    )
    assert panel.find(attrs={"data-seo-snippet-target": "url"}).get_text() == treatment.get_full_url()
    assert panel["data-seo-snippet-url-base-value"] == treatment.get_parent().get_full_url()
    assert soup.find("script", src=lambda src: src and src.endswith("js/seo-snippet.js"))


def test_an_articles_promote_tab_flags_a_long_description_as_too_long(admin_client, article):
    """A 200-character search description: "200 / 160 characters: too long", cut in the preview."""
    article.search_description = "Migraine " * 22 + "ab"  # 200 characters
    article.save_revision()

    panel = snippet(edit_page(admin_client, article))

    count = panel.find(attrs={"data-seo-snippet-target": "descriptionCount"})
    assert count.get_text(strip=True) == "200 / 160 characters: too long"
    assert count["data-state"] == "too-long"
    assert "Your search description is used." in panel.get_text()
    assert panel["data-seo-snippet-summary-field-value"] == "intro"
    preview = panel.find(attrs={"data-seo-snippet-target": "description"}).get_text()
    assert preview.endswith("…") and len(preview) <= DESCRIPTION_MAX_LENGTH + 1


def test_an_seo_title_is_measured_as_typed(admin_client, treatment):
    treatment.seo_title = "Botox injections for chronic migraine in central London: fewer headache days"
    treatment.save_revision()

    count = snippet(edit_page(admin_client, treatment)).find(attrs={"data-seo-snippet-target": "titleCount"})

    assert count.get_text(strip=True) == f"{len(treatment.seo_title)} / 60 characters: too long"


def test_without_summary_or_description_the_preview_says_search_engines_choose(admin_client, treatment):
    treatment.summary = ""
    treatment.save_revision(clean=False)  # a draft may lack its summary

    panel = snippet(edit_page(admin_client, treatment))

    assert panel.find(attrs={"data-seo-snippet-target": "descriptionCount"})["data-state"] == "missing"
    assert "No search description and no summary yet" in panel.get_text()


def test_a_new_pages_preview_uses_its_parents_address(admin_client, treatment_index, clinic_settings):
    url = reverse("wagtailadmin_pages:add", args=["treatments", "treatmentpage", treatment_index.pk])
    response = admin_client.get(url)

    panel = snippet(BeautifulSoup(response.content, "html.parser"))

    assert response.status_code == 200
    assert panel["data-seo-snippet-url-base-value"] == treatment_index.get_full_url()
    assert panel["data-seo-snippet-clinic-name-value"] == "Harbour Lane Clinic"


def test_the_home_pages_address_does_not_follow_its_slug(admin_client, home_page, clinic_settings):
    panel = snippet(edit_page(admin_client, home_page))

    assert panel["data-seo-snippet-url-base-value"] == ""
    assert panel.find(attrs={"data-seo-snippet-target": "url"}).get_text() == home_page.get_full_url()


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_every_page_type_has_the_preview_and_social_fields_on_the_promote_tab(model):
    promote = next(tab for tab in model.get_edit_handler().children if tab.heading == "Promote")
    assert {"social_title", "social_description"} <= set(promote.get_form_options()["fields"])
    assert any(type(panel).__name__ == "SearchSnippetPanel" for panel in promote.children)


# Tags


@pytest.mark.parametrize("fixture", ["treatment", "article"])
def test_tags_are_on_the_content_tab_beside_the_body(admin_client, request, fixture):
    soup = edit_page(admin_client, request.getfixturevalue(fixture))

    assert "tags" in tab_fields(soup, "content")
    assert "tags" not in tab_fields(soup, "promote")
    assert "search_description" in tab_fields(soup, "promote")
    content = next(tab for tab in type(request.getfixturevalue(fixture)).get_edit_handler().children)
    names = [getattr(panel, "field_name", None) for panel in content.children]
    assert names.index("tags") == names.index("body") + 1

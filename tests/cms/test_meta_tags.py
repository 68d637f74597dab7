"""SEO metadata on every page type: the Promote tab fields, and the head tags they produce."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.models import Page, get_page_models

from cms.models import SeoMixin
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ImageFactory,
    TreatmentPageFactory,
    publish_signed_off,
)

PROMOTE_FIELDS = {"slug", "seo_title", "search_description", "social_image", "canonical_url", "no_index"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def promote_tab_fields(model):
    """The form fields on ``model``'s Promote tab in the page editor."""
    promote = next(tab for tab in model.get_edit_handler().children if tab.heading == "Promote")
    return set(promote.get_form_options()["fields"])


@pytest.mark.parametrize(
    "model", [model for model in get_page_models() if model is not Page], ids=lambda model: model.__name__
)
def test_every_page_type_offers_seo_fields_on_the_promote_tab(model):
    """Each page type has SeoMixin, and its Promote tab holds every SEO field."""
    assert issubclass(model, SeoMixin)
    assert promote_tab_fields(model) >= PROMOTE_FIELDS


@pytest.fixture
def pages(home_page, treatment_index, clinic_settings):
    """One page of each public type, each with a summary or intro but no search description."""
    home_page.hero_text = "Care you can trust, close to home."
    home_page.save()
    treatment_index.intro = "Every treatment we offer."
    treatment_index.save()
    article_index = ArticleIndexPageFactory(parent=home_page, intro="Answers to patients' questions.")
    return {
        "home": home_page,
        "treatment index": treatment_index,
        "treatment": TreatmentPageFactory(parent=treatment_index, summary="Injections that may help."),
        "article index": article_index,
        "article": ArticlePageFactory(parent=article_index, intro="What to expect, plainly."),
    }


def head(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").head


def meta(soup, **attrs):
    tag = soup.find("meta", attrs=attrs)
    return tag["content"] if tag else None


FALLBACKS = {
    "home": "Care you can trust, close to home.",
    "treatment index": "Every treatment we offer.",
    "treatment": "Injections that may help.",
    "article index": "Answers to patients' questions.",
    "article": "What to expect, plainly.",
}


@pytest.mark.parametrize("kind", FALLBACKS)
def test_head_tags_fall_back_to_the_summary_or_intro(client, pages, kind):
    """Without a search description, the summary or intro becomes the meta and social description;
    without an SEO title, the <title> is the page title followed by ' | ' and the clinic name."""
    page = pages[kind]
    soup = head(client, page)

    assert soup.title.string == f"{page.title} | Harbour Lane Clinic"
    assert meta(soup, name="description") == FALLBACKS[kind]
    assert soup.find("link", rel="canonical")["href"] == page.get_full_url()
    assert meta(soup, property="og:title") == page.title
    assert meta(soup, property="og:description") == FALLBACKS[kind]
    assert meta(soup, property="og:url") == page.get_full_url()
    assert meta(soup, name="twitter:card") == "summary"
    assert meta(soup, name="twitter:description") == FALLBACKS[kind]
    assert meta(soup, name="robots") is None


@pytest.mark.parametrize("kind", FALLBACKS)
def test_promote_tab_fields_win(client, pages, kind):
    """SEO title (as typed, without the clinic name), search description, canonical override, social image
    and no-index all reach the head."""
    page = pages[kind]
    page.seo_title = "A title for search engines"
    page.search_description = "A description written by SEO staff."
    page.canonical_url = "https://example.com/original/"
    page.social_image = ImageFactory()
    page.no_index = True
    page.save()

    soup = head(client, page)

    assert soup.title.string == "A title for search engines"  # as typed: no " | Harbour Lane Clinic"
    assert meta(soup, name="description") == "A description written by SEO staff."
    assert soup.find("link", rel="canonical")["href"] == "https://example.com/original/"
    assert meta(soup, property="og:title") == "A title for search engines"
    assert meta(soup, property="og:image").startswith("http://")
    assert meta(soup, name="twitter:card") == "summary_large_image"
    assert meta(soup, name="robots") == "noindex"


def test_articles_are_shared_as_articles(client, pages):
    """An article says og:type 'article' with its publication date and tags."""
    article = pages["article"]
    article.tags.add("migraine")
    article.save()

    soup = head(client, article)

    assert meta(soup, property="og:type") == "article"
    assert meta(soup, property="article:published_time") == article.date.isoformat()
    assert meta(soup, property="article:tag") == "migraine"


@pytest.mark.parametrize("kind", FALLBACKS)
def test_a_title_naming_the_clinic_is_not_suffixed_again(client, pages, kind):
    """A page title that already contains the clinic name is the whole <title>; og:title is the same."""
    page = pages[kind]
    page.title = "Harbour Lane Clinic: care for migraine and skin"
    publish_signed_off(page)

    soup = head(client, page)

    assert soup.title.string == "Harbour Lane Clinic: care for migraine and skin"
    assert meta(soup, property="og:title") == "Harbour Lane Clinic: care for migraine and skin"


@pytest.mark.parametrize("kind", FALLBACKS)
def test_a_canonical_url_must_be_a_full_address(pages, kind):
    """A path alone is refused with a message saying what to type; a full address is kept."""
    page = pages[kind]
    page.canonical_url = "/treatments/chemical-peel/"
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert refused.value.message_dict["canonical_url"] == [
        "Enter a full address, starting https:// (not just a path)."
    ]
    page.canonical_url = "https://example.com/treatments/chemical-peel/"
    page.full_clean()

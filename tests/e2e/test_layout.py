"""Layout in a real browser: a desktop screen's width is used, a phone sees search results first."""

import pytest
from playwright.sync_api import expect

from tests.e2e.content import publish
from tests.factories import ArticlePageFactory, ImageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

#: The width of 70 characters ("ch") in an element's own font.
SEVENTY_CHARACTERS = """element => {
    const probe = document.createElement("div");
    probe.style.width = "70ch";
    element.appendChild(probe);
    const width = probe.getBoundingClientRect().width;
    probe.remove();
    return width;
}"""

#: Whether an input's placeholder fits inside the box, between its paddings.
PLACEHOLDER_FITS = """input => {
    const style = getComputedStyle(input);
    const context = document.createElement("canvas").getContext("2d");
    context.font = style.font;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return context.measureText(input.placeholder).width <= room;
}"""


def box(locator):
    return locator.evaluate("element => element.getBoundingClientRect().toJSON()")


def assert_text_beside_column(text, column):
    """``column`` sits beside ``text`` (not above or below it), together they take more than 60%
    of the screen's width, and the text's lines stay at most 70 characters long."""
    text_box, column_box = box(text), box(column)
    assert column_box["right"] <= text_box["left"] or text_box["right"] <= column_box["left"]
    assert column_box["top"] < text_box["bottom"] and text_box["top"] < column_box["bottom"]
    together = max(text_box["right"], column_box["right"]) - min(text_box["left"], column_box["left"])
    assert together > 0.6 * DESKTOP["width"], (text_box, column_box)
    assert text_box["width"] <= text.evaluate(SEVENTY_CHARACTERS) + 1


def test_treatment_page_puts_its_contents_beside_the_text(page, public_site):
    """On a 1280-pixel screen the treatment's table of contents sits beside its text, and the two
    use more than 60% of the width while lines stay readable (70 characters at most)."""
    page.set_viewport_size(DESKTOP)
    page.goto(public_site.treatment.url)
    assert_text_beside_column(page.locator("main .section").first, page.locator("main .toc"))


def test_article_page_puts_its_topics_beside_the_text(page, public_site):
    """On a 1280-pixel screen an article's treatments, topics and author sit beside its text, and
    the two use more than 60% of the width while lines stay readable."""
    page.set_viewport_size(DESKTOP)
    page.goto(public_site.articles[0].url)
    assert_text_beside_column(page.locator(".page-columns__text"), page.locator(".page-columns__aside"))


def test_related_article_cards_share_one_row_evenly(page, public_site, settings, tmp_path):
    """A treatment's four related articles, two with a picture and two without, stand in one row
    of equal columns on a 1280-pixel screen, their titles level."""
    settings.MEDIA_ROOT = tmp_path
    picture = ImageFactory(file__width=960, file__height=640)
    for title, hero_image in [("Sleep and migraine", picture), ("Triggers", None), ("Diet", picture)]:
        publish(
            ArticlePageFactory(
                parent=public_site.article_index, title=title, tags=["Migraine"], hero_image=hero_image
            )
        )
    page.set_viewport_size(DESKTOP)
    page.goto(public_site.treatment.url)

    related = page.get_by_role("region", name="Related articles")
    cards = [box(card) for card in related.locator(".card").all()]
    titles = [box(title) for title in related.locator(".card__title").all()]
    assert len(cards) == 4
    assert max(card["width"] for card in cards) - min(card["width"] for card in cards) < 1
    assert len({round(card["top"]) for card in cards}) == 1
    assert len({round(title["top"]) for title in titles}) == 1


@pytest.fixture
def many_topics(public_site):
    """An article on migraine with ten topics, so a migraine search offers a dozen filters."""
    topics = [
        "Migraine",
        "Aura",
        "Sleep",
        "Diet",
        "Triggers",
        "Exercise",
        "Stress",
        "Hormones",
        "Light",
        "Screens",
    ]
    publish(ArticlePageFactory(parent=public_site.article_index, title="Living with migraine", tags=topics))
    return public_site


def test_phone_search_shows_results_first(page, many_topics):
    """On a 390x844 phone the first result starts above the fold: one search box (the page's own),
    and the filters folded under one line until opened."""
    page.set_viewport_size(PHONE)
    page.goto("/search/?q=migraine")

    first_result = page.locator(".search-result").first
    assert box(first_result)["top"] < PHONE["height"] - 100
    expect(page.get_by_role("combobox", name="Search the site")).to_have_count(1)
    topic_filter = page.get_by_role("link", name="Screens")
    expect(topic_filter).to_be_hidden()
    page.get_by_text("Filter results").click()
    expect(topic_filter).to_be_visible()


def test_desktop_search_shows_the_filters_beside_the_results(page, many_topics):
    """On a 1280-pixel screen the filters are open beside the results."""
    page.set_viewport_size(DESKTOP)
    page.goto("/search/?q=migraine")

    topic_filter = page.get_by_role("link", name="Screens")
    expect(topic_filter).to_be_visible()
    assert box(topic_filter)["right"] <= box(page.locator(".search-result").first)["left"]


@pytest.mark.parametrize("width", [320, 390])
def test_header_search_placeholder_fits_its_box(page, public_site, width):
    """The header search box's example text is not cut off on a phone."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(public_site.home.url)
    search_box = page.get_by_role("banner").get_by_role("combobox", name="Search the site")
    assert search_box.evaluate(PLACEHOLDER_FITS), search_box.get_attribute("placeholder")

"""A visitor reads a treatment's FAQ, then finds the page again from the header search box."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visitor_expands_a_faq_answer(page, public_site):
    """A FAQ answer is hidden until the visitor opens its question, then it shows."""
    page.goto(public_site.treatment.url)
    question = page.locator("details", has=page.get_by_text("Do the injections hurt?"))
    answer = question.get_by_text("Most people feel a brief sting")
    expect(answer).to_be_hidden()

    question.get_by_text("Do the injections hurt?").click()

    expect(answer).to_be_visible()
    expect(question).to_have_attribute("open", "")


def test_visitor_finds_the_treatment_through_search_suggestions(page, console_errors, public_site):
    """Typing a lay word ("headache") in the header search box offers the treatment as a
    suggestion (beside others); choosing it with the arrow keys and Enter opens the treatment page,
    with no script error or blocked request on the way."""
    treatment = public_site.treatment
    page.goto(public_site.home.url)
    search_box = page.get_by_role("banner").get_by_role("combobox", name="Search the site")

    search_box.press_sequentially("headache")
    suggestion = page.get_by_role("option", name=re.compile(treatment.title))
    expect(suggestion).to_be_visible()
    position = int(suggestion.get_attribute("data-index"))
    for _ in range(position + 1):
        search_box.press("ArrowDown")
    expect(suggestion).to_have_attribute("aria-selected", "true")
    expect(search_box).to_have_attribute("aria-activedescendant", suggestion.get_attribute("id"))
    search_box.press("Enter")

    expect(page).to_have_url(re.compile(re.escape(treatment.url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(treatment.title)
    assert console_errors == []

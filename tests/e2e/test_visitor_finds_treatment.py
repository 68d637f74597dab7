"""A visitor on a treatment page: the FAQ answers open on demand."""

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

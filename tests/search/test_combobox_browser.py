"""The header search box in a real browser: an ARIA combobox with suggestions, and a plain form without JS.

Uses the browser fixtures of tests/e2e (Playwright driving Debian's Chromium; see
tests/search/conftest.py); skipped when Chromium is not installed.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import CHROMIUM, SKIP_REASON

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON),
]


def test_typing_suggests_pages_and_the_keyboard_picks_one(page, public_site, console_errors):
    """Two letters list suggestions; Down highlights the first, Enter opens it, with no script errors."""
    page.goto("/")
    box = page.get_by_role("combobox", name="Search the site")
    expect(box).to_have_attribute("aria-expanded", "false")

    box.press_sequentially("botox", delay=30)

    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    option = listbox.get_by_role("option", name=re.compile("Botox for chronic migraine"))
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")

    box.press("ArrowDown")
    first = listbox.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    expect(box).to_be_focused()

    chosen = first.locator(".search-suggestions__title").inner_text()
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(chosen)
    assert console_errors == []


def test_escape_closes_the_suggestions_and_enter_then_searches(page, public_site):
    """Escape closes the list and its announcement, leaving the box; Enter then submits the search."""
    page.goto("/")
    box = page.get_by_role("combobox", name="Search the site")
    box.press_sequentially("migraine", delay=30)
    expect(box).to_have_attribute("aria-expanded", "true")
    status = page.locator(".site-header [data-search-status]")
    expect(status).to_contain_text("suggestion")

    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(status).to_have_text("")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".+"))
    expect(box).to_have_value("migraine")

    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=migraine$"))
    expect(page.get_by_role("link", name="Botox for chronic migraine")).to_be_visible()


def test_without_javascript_the_box_is_a_plain_search_form(browser, live_server, public_site):
    """With JavaScript off, typing and pressing Enter still searches."""
    without_js = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        tab = without_js.new_page()
        tab.goto("/")
        box = tab.get_by_role("combobox", name="Search the site")
        box.fill("botox")
        box.press("Enter")
        expect(tab).to_have_url(re.compile(r"/search/\?q=botox$"))
        expect(tab.get_by_role("link", name="Botox for chronic migraine")).to_be_visible()
    finally:
        without_js.close()

"""Every public page type in a real browser: accessible (axe-core) and free of console errors."""

import pytest

from tests.e2e.axe import describe, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def public_pages(site):
    """The page types visitors meet, by name: one of each."""
    return {
        "home": site.home.url,
        "treatment": site.treatment.url,
        "article": site.articles[0].url,
        "article index": site.article_index.url,
        "search": "/search/?q=migraine+shots",
    }


def test_public_pages_have_no_serious_accessibility_violations(page, public_site):
    """axe-core reports no serious or critical violations on the home, treatment, article,
    article index and search pages."""
    found = {}
    for name, url in public_pages(public_site).items():
        page.goto(url)
        if violations := serious_violations(page):
            found[f"{name} ({url})"] = describe(violations)
    assert not found, "\n".join(f"{page_name}:\n{lines}" for page_name, lines in found.items())


def test_accessibility_check_reports_serious_violations(page):
    """The axe-core check is live: an image without alt text and a nameless button are reported."""
    page.set_content('<html lang="en"><title>Broken</title><main><img src="data:,"><button></button></main>')
    assert {violation["id"] for violation in serious_violations(page)} >= {"image-alt", "button-name"}


def test_public_pages_log_no_console_errors(page, console_errors, public_site):
    """Public pages load without console errors: no blocked script or style (CSP), no missing
    file, no JavaScript exception."""
    for url in public_pages(public_site).values():
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert console_errors == []


#: Searches whose words are longer than a phone is wide, found and not found.
LONG_WORD_SEARCHES = {
    "search for an address": "/search/?q=https://www.example.org/conditions/botulinum-toxin/side-effects",
    "search for one long word": "/search/?q=hyperhidrosisbotoxinjectionsarmpits",
}


@pytest.mark.parametrize("width", [320, 375])
def test_public_pages_fit_a_phone_screen(page, public_site, width):
    """Nothing is wider than a small phone's screen: no sideways scrolling, the search button whole,
    even when a visitor searches for a word longer than the screen is wide."""
    page.set_viewport_size({"width": width, "height": 800})
    too_wide = {}
    for name, url in {**public_pages(public_site), **LONG_WORD_SEARCHES}.items():
        page.goto(url)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide[name] = scroll_width
        button = page.locator(".site-header .search-form__button")
        assert button.evaluate("button => button.scrollWidth <= button.clientWidth"), (
            f"{name}: button cut off"
        )
    assert not too_wide, f"pages wider than {width}px: {too_wide}"

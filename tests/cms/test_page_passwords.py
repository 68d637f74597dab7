"""Private pages: page passwords are throttled as admin sign-in is, and their sign-in lands on the site.

Each wrong password (Wagtail's password view restrictions) counts against the
restriction and the client's address; at django-axes' failure limit the pair is
locked for its cool-off, when every try is refused with 429, the right password too.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.db.models import F
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.factories import TreatmentPageFactory, publish_signed_off

PASSWORD = "harbour-lane-2026"


def protect(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )


@pytest.fixture
def private_page(treatment):
    protect(treatment)
    return treatment


def enter(client, page, password, address="203.0.113.7"):
    """Post a password to the page's password form, as the form does."""
    restriction = PageViewRestriction.objects.get(page=page)
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    return client.post(url, {"password": password, "return_url": page.url}, REMOTE_ADDR=address)


def guess_wrong(client, page, times, address="203.0.113.7"):
    for attempt in range(times):
        response = enter(client, page, f"guess-{attempt}", address)
        assert response.status_code in (200, 429)


def test_the_right_password_opens_the_page(client, private_page):
    """The right password leads back to the page, which then shows."""
    response = enter(client, private_page, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == private_page.url
    assert PageViewRestriction.objects.get(page=private_page).accept_request(response.wsgi_request)


def test_mistakes_under_the_limit_are_forgiven(client, settings, private_page):
    """A few wrong passwords, then the right one: the page opens."""
    guess_wrong(client, private_page, settings.AXES_FAILURE_LIMIT - 1)

    assert enter(client, private_page, PASSWORD).status_code == 302


def test_the_limit_of_wrong_passwords_locks_the_page_for_that_address(client, settings, private_page):
    """After the limit, even the right password is refused with 429 and a page saying when to try again."""
    guess_wrong(client, private_page, settings.AXES_FAILURE_LIMIT)

    response = enter(client, private_page, PASSWORD)

    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many wrong passwords" in text
    assert "15 minutes" in text
    assert response["Retry-After"] == str(15 * 60)
    restriction = PageViewRestriction.objects.get(page=private_page)
    assert not restriction.accept_request(response.wsgi_request)


def test_the_lock_ends_after_the_cool_off(client, settings, private_page):
    """Once the cool-off has passed since the last try, the right password works again."""
    guess_wrong(client, private_page, settings.AXES_FAILURE_LIMIT)
    assert enter(client, private_page, PASSWORD).status_code == 429

    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    assert enter(client, private_page, PASSWORD).status_code == 302


def test_a_try_while_locked_starts_the_wait_again(client, settings, private_page):
    """As with sign-in, each try during the lock counts, so the cool-off runs from the last one."""
    guess_wrong(client, private_page, settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    )
    assert enter(client, private_page, PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=2))

    assert enter(client, private_page, PASSWORD).status_code == 429


def test_the_right_password_clears_earlier_mistakes(client, settings, private_page):
    """As with sign-in, success resets the count: the limit is of wrong passwords in a row."""
    guess_wrong(client, private_page, settings.AXES_FAILURE_LIMIT - 1)
    assert enter(client, private_page, PASSWORD).status_code == 302

    guess_wrong(client, private_page, settings.AXES_FAILURE_LIMIT - 1)
    assert enter(client, private_page, PASSWORD).status_code == 302


def test_the_lock_is_for_that_page_password_from_that_address(
    client, settings, private_page, treatment_index
):
    """Another protected page, or the same page from another address, still takes its password."""
    other_page = TreatmentPageFactory(parent=treatment_index, title="Another private page")
    protect(other_page)
    guess_wrong(client, private_page, settings.AXES_FAILURE_LIMIT)

    assert enter(client, other_page, PASSWORD).status_code == 302
    assert enter(client, private_page, PASSWORD, address="198.51.100.20").status_code == 302


def test_a_locked_page_password_does_not_lock_sign_in(client, settings, private_page, django_user_model):
    """The page-password lock names the restriction, not a user: staff still sign in from that address."""
    django_user_model.objects.create_user(
        "editor", "e@example.com", "correct-horse-battery", is_superuser=True
    )
    guess_wrong(client, private_page, settings.AXES_FAILURE_LIMIT)

    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "correct-horse-battery"},
        REMOTE_ADDR="203.0.113.7",
    )

    assert response.status_code == 302


def test_wrong_passwords_are_shown_the_form_again(client, private_page):
    """Under the limit, a wrong password gets Wagtail's form back with its error."""
    response = enter(client, private_page, "not-it")

    assert response.status_code == 200
    assert "The password you have entered is not correct" in response.content.decode()


def test_the_password_form_is_in_the_site_s_layout_and_tells_nothing_of_the_page(client, private_page):
    """The form has the site's header and a labelled password field, and none of the page's title,
    description, structured data or breadcrumbs; search engines are asked not to index it."""
    private_page.search_description = "Injections every twelve weeks for chronic migraine."
    publish_signed_off(private_page)

    html = client.get(private_page.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")

    assert soup.select_one(".site-header") is not None
    assert soup.find("label", string="Password")["for"] == soup.find("input", type="password")["id"]
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert private_page.title not in html
    assert "twelve weeks" not in html
    assert soup.find("script", type="application/ld+json") is None


def test_a_wrong_password_is_said_next_to_the_field(client, private_page):
    """The error is announced and tied to the field it is about."""
    soup = BeautifulSoup(enter(client, private_page, "not-it").content, "html.parser")

    field = soup.find("input", type="password")
    assert field["aria-invalid"] == "true"
    assert "not correct" in soup.find(id=field["aria-describedby"]).get_text()


def test_signing_in_for_a_private_page_without_next_lands_on_the_home_page(
    client, home_page, django_user_model
):
    """Front-end sign-in (for pages private to signed-in users) with no ``next`` goes home, not to a 404."""
    django_user_model.objects.create_user("visitor", "v@example.com", "correct-horse-battery")

    response = client.post(
        reverse("wagtailcore_login"), {"username": "visitor", "password": "correct-horse-battery"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(response["Location"]).status_code == 200

"""The autocomplete endpoint: JSON suggestions for the header search box."""

import pytest

from search.autocomplete import AUTOCOMPLETE_LIMIT

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(make_treatment, make_article):
    make_treatment("Botox for chronic migraine", summary="Injections for chronic migraine.")
    make_treatment("Botox for excessive sweating", summary="Injections for heavy sweating.")
    make_article("Botox myths", intro="What it does and does not do.")


def test_suggestions_are_title_url_and_type(client, pages):
    """Each suggestion carries what the combobox shows and where it goes."""
    response = client.get("/search/autocomplete/", {"q": "botox for ch"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == [
        {
            "title": "Botox for chronic migraine",
            "url": "/treatments/botox-for-chronic-migraine/",
            "type": "treatment",
            "type_label": "Treatment",
        }
    ]


def test_pages_whose_titles_start_with_the_words_come_first(client, pages, make_article):
    """'bot' suggests the Botox pages before one found only by its summary ("Both ...")."""
    make_article("Microneedling or a chemical peel?", intro="Both can smooth skin; your provider can advise.")
    titles = [item["title"] for item in client.get("/search/autocomplete/", {"q": "bot"}).json()]
    assert titles[-1] == "Microneedling or a chemical peel?"
    assert set(titles[:-1]) == {"Botox for chronic migraine", "Botox for excessive sweating", "Botox myths"}


def test_two_letters_are_enough(client, pages):
    """'bo' already suggests every page starting with it."""
    titles = {item["title"] for item in client.get("/search/autocomplete/", {"q": "Bo"}).json()}
    assert titles == {"Botox for chronic migraine", "Botox for excessive sweating", "Botox myths"}
    assert {item["type"] for item in client.get("/search/autocomplete/", {"q": "bo"}).json()} == {
        "treatment",
        "article",
    }


@pytest.mark.parametrize("query", ["", "b", " b ", "**", "\x01\x02"])
def test_fewer_than_two_letters_suggest_nothing(client, pages, query):
    response = client.get("/search/autocomplete/", {"q": query})
    assert response.status_code == 200
    assert response.json() == []


def test_suggestions_are_capped(client, make_treatment):
    """However many pages match, at most AUTOCOMPLETE_LIMIT come back."""
    for n in range(AUTOCOMPLETE_LIMIT + 3):
        make_treatment(f"Peel {n}")
    assert len(client.get("/search/autocomplete/", {"q": "pe"}).json()) == AUTOCOMPLETE_LIMIT


def test_unpublished_pages_are_not_suggested(client, make_treatment):
    make_treatment("Chemical peel").unpublish()
    assert client.get("/search/autocomplete/", {"q": "chem"}).json() == []


def test_suggestions_may_be_cached_briefly(client, pages):
    """Browsers and caches may reuse an answer for a minute."""
    response = client.get("/search/autocomplete/", {"q": "bot"})
    assert "max-age=60" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


def test_synonyms_and_misspellings_suggest_pages_too(client, pages, synonyms):
    """'jabs for migr' and 'migrane' find the migraine page through the synonyms SEO staff keep."""
    for query in ["jabs for migr", "migrane", "onabotulinumtoxina"]:
        titles = [item["title"] for item in client.get("/search/autocomplete/", {"q": query}).json()]
        assert "Botox for chronic migraine" in titles, query


def test_typed_words_are_suggested_before_synonyms(client, make_treatment, synonyms):
    """A page matching the words typed comes before one that only matches a synonym."""
    make_treatment("Headache clinic", summary="Help with headaches.")
    make_treatment("Migraine relief", summary="Help with migraine.")
    titles = [item["title"] for item in client.get("/search/autocomplete/", {"q": "migraine"}).json()]
    assert titles == ["Migraine relief", "Headache clinic"]

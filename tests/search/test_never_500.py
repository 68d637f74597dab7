"""Never a 500: arbitrary input to the search page and the autocomplete endpoint (hypothesis).

Strings include NUL and other control characters, quotes, search operators, field
syntax, markup, very long input and any Unicode a browser can send (lone surrogates
cannot be encoded in a URL, so they are left out).
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=80,
    deadline=None,
    # The pages below are created once per test and only read by the examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

SENDABLE = st.characters(exclude_categories=("Cs",))
TRICKY = st.sampled_from(
    [
        "\x00",
        "\x00botox\x00",
        "\x1b[31m",
        '"',
        "'",
        '"botox',
        "botox AND NOT",
        "OR OR OR",
        "NEAR(botox peel)",
        "title:botox",
        "body:* -",
        "(((",
        ")",
        "*",
        "^2",
        "~",
        "{title body}: x",
        "botox^",
        "%",
        "%00",
        "\\",
        "\u202e",
        "\ufeff",
        "ǅ",
        "😀" * 50,
        "x" * 5_000,
        " " * 300,
    ]
)
TEXT = st.one_of(st.text(SENDABLE, max_size=300), TRICKY, st.lists(TRICKY, max_size=6).map(" ".join))
PROBES = st.sampled_from(
    ['<b id="probe">', '"><b id="probe">', '\'><b id="probe">', "<script>probe()</script>"]
)
PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "q": TEXT,
        "page": st.one_of(st.integers(-(10**30), 10**30).map(str), TEXT),
        "type": st.one_of(st.sampled_from(["treatment", "article", "page"]), TEXT),
        "tag": st.one_of(st.sampled_from(["botox", "migraine"]), TEXT),
    },
)


@pytest.fixture
def pages(make_treatment, make_article, synonyms):
    make_treatment("Botox for chronic migraine", summary="Injections.", tags=["botox", "migraine"])
    make_article("Keeping a headache diary", intro="Write down your headache days.", tags=["migraine"])


def expected_status(*sent):
    """200; or 400 where something sent holds NUL, refused on every address (cms/parameters.py)."""
    return 400 if any("\x00" in text for text in sent) else 200


@EXAMPLES
@given(params=PARAMS)
def test_search_page_answers_any_parameters(client, pages, params):
    """Any q, page, type and tag: a page (or 400 for NUL), never a server error."""
    response = client.get("/search/", params)
    assert response.status_code == expected_status(*params.values())


@EXAMPLES
@given(before=TEXT, probe=PROBES, after=TEXT, name=st.sampled_from(["q", "type", "tag", "page"]))
def test_search_page_never_reflects_markup(client, pages, before, probe, after, name):
    """Markup sent in any parameter comes back escaped."""
    response = client.get("/search/", {name: before + probe + after})
    assert response.status_code == expected_status(before, after)
    html = response.content.decode()
    assert '<b id="probe">' not in html
    assert "<script>probe()" not in html


@EXAMPLES
@given(query=st.one_of(TEXT, st.builds(str.__add__, TEXT, PROBES)))
def test_autocomplete_answers_any_query(client, pages, query):
    """Any query: a JSON list of suggestions (or 400 for NUL), never a server error."""
    response = client.get("/search/autocomplete/", {"q": query})
    assert response.status_code == expected_status(query)
    if response.status_code == 400:
        return
    suggestions = response.json()
    assert isinstance(suggestions, list)
    assert all(set(item) == {"title", "url", "type", "type_label"} for item in suggestions)

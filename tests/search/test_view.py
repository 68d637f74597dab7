"""The search page: results, filters with counts, pagination, promotions and the no-results page."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from search.models import SearchQueryStat
from search.popular import VOCABULARY_CACHE_KEY
from tests.factories import publish_signed_off
from tests.search.conftest import rich_text_body

pytestmark = pytest.mark.django_db


def result_titles(response):
    return [hit.page.title for hit in response.context["outcome"].page]


def facets(response, kind):
    return {facet.value: facet.count for facet in getattr(response.context["outcome"], f"{kind}_facets")}


@pytest.fixture
def clinic(make_treatment, make_article, synonyms):
    """Two treatments and two articles, tagged, with lay and clinical wording."""
    return {
        "migraine": make_treatment(
            "Botox for chronic migraine",
            summary="Injections that can reduce headache days for people with chronic migraine.",
            tags=["botox", "migraine"],
            conditions=["Chronic migraine"],
        ),
        "sweating": make_treatment(
            "Botox for excessive sweating",
            summary="Injections that reduce underarm sweat for people with hyperhidrosis.",
            tags=["botox", "sweating"],
            conditions=["Excessive sweating"],
        ),
        "diary": make_article(
            "Keeping a headache diary",
            intro="Writing down your headache days helps your provider see patterns.",
            tags=["migraine"],
        ),
        "summer": make_article(
            "Coping with sweat in summer",
            intro="Everyday tips for heavy sweating, and when to ask your provider about treatment.",
            tags=["sweating"],
        ),
    }


def test_results_show_title_type_summary_and_url(client, clinic):
    """Each result names its type, links to the page, and shows its summary and address."""
    response = client.get("/search/", {"q": "chronic migraine"})
    assert response.status_code == 200
    html = response.content.decode()
    assert result_titles(response)[0] == "Botox for chronic migraine"
    assert '<a href="/treatments/botox-for-chronic-migraine/">Botox for chronic migraine</a>' in html
    assert "that can reduce <mark>headache</mark> days" in html
    assert "http://localhost/treatments/botox-for-chronic-migraine/" in html
    assert '<p class="search-result__type">Treatment</p>' in html


def test_lay_words_find_clinical_pages_through_synonyms(client, clinic):
    """'sweaty armpits' finds the hyperhidrosis treatment; 'botax' (misspelt) finds Botox."""
    assert "Botox for excessive sweating" in result_titles(client.get("/search/", {"q": "sweaty armpits"}))
    assert set(result_titles(client.get("/search/", {"q": "botax"}))) >= {
        "Botox for chronic migraine",
        "Botox for excessive sweating",
    }


def test_a_plural_finds_pages_using_the_singular(client, clinic):
    """'headaches' finds 'headache' (a word ending in e, plus s), and the singular's synonyms."""
    response = client.get("/search/", {"q": "headaches"})
    assert {"Keeping a headache diary", "Botox for chronic migraine"} <= set(result_titles(response))
    assert {"headache", "migraine"} <= set(response.context["outcome"].terms)


def test_matched_words_are_highlighted_in_summaries(client, clinic):
    """Words searched for (synonyms included) are marked in the summary."""
    html = client.get("/search/", {"q": "shots"}).content.decode()
    assert "<mark>Injections</mark> that can reduce" in html


def test_type_filter_narrows_results_and_facets_count_each_type(client, clinic):
    """type=article keeps articles only; the type counts still describe the whole result set."""
    response = client.get("/search/", {"q": "sweating", "type": "article"})
    assert result_titles(response) == ["Coping with sweat in summer"]
    assert facets(response, "type") == {"treatment": 1, "article": 1}
    assert response.context["outcome"].params.type.key == "article"


def test_tag_filter_narrows_results_and_facets_count_each_tag(client, clinic):
    """tag=migraine keeps pages tagged 'migraine'; tag counts cover the unfiltered results."""
    response = client.get("/search/", {"q": "botox headache", "tag": "migraine"})
    assert set(result_titles(response)) == {"Botox for chronic migraine", "Keeping a headache diary"}
    tag_counts = facets(response, "tag")
    assert tag_counts["migraine"] == 2
    assert tag_counts["botox"] == 2


def test_type_and_tag_filters_combine(client, clinic):
    """Both filters apply together; each facet counts with the other filter applied."""
    response = client.get("/search/", {"q": "botox headache sweat", "type": "treatment", "tag": "migraine"})
    assert result_titles(response) == ["Botox for chronic migraine"]
    assert facets(response, "type") == {"treatment": 1, "article": 1}


@pytest.mark.parametrize(
    "params",
    [
        {"type": "unicorn"},
        {"type": ""},
        {"tag": "no-such-tag"},
        {"tag": "<b>bold</b>"},
        {"tag": "x" * 500},
    ],
)
def test_unknown_filters_are_ignored(client, clinic, params):
    """An unknown type or tag is not an error: the search runs unfiltered."""
    response = client.get("/search/", {"q": "botox", **params})
    assert response.status_code == 200
    assert len(result_titles(response)) == 2


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        *[("2", 2), ("1", 1), ("0", 1), ("-3", 1), ("abc", 1), ("1.5", 1)],
        *[("999999", 2), ("1000000", 2), ("9" * 40, 2), ("9" * 5000, 2)],
    ],
)
def test_bad_page_numbers_give_a_sensible_page(client, make_treatment, page, expected):
    """Pages past the end show the last page; anything that is not a page number shows the first."""
    for n in range(12):
        make_treatment(f"Peel {n}", summary="A chemical peel for uneven skin tone.")
    response = client.get("/search/", {"q": "peel", "page": page})
    assert response.status_code == 200
    assert response.context["outcome"].page.number == expected
    assert len(result_titles(response)) == (10 if expected == 1 else 2)


def test_pagination_links_keep_the_query_and_filters(client, make_treatment):
    """'Next' carries q and type over to the next page."""
    for n in range(12):
        make_treatment(f"Peel {n}", summary="A chemical peel for uneven skin tone.")
    html = client.get("/search/", {"q": "peel", "type": "treatment"}).content.decode()
    assert 'href="?q=peel&amp;type=treatment&amp;page=2"' in html
    assert "Page 1 of 2" in html


def test_links_repeat_the_cleaned_query_not_the_raw_one(client, make_treatment):
    """Filter and page links carry the query as shown (controls dropped, capped), no unknown filters."""
    for n in range(12):
        make_treatment(f"Peel {n}", summary="A chemical peel for uneven skin tone.", tags=["skin"])
    raw = "pe%01el " + "peel " * 400
    html = client.get(f"/search/?q={raw}&bogus=1&type=treatment").content.decode()
    links = re.findall(r'href="(\?[^"]*)"', html)
    assert links
    assert all("%01" not in link and "bogus" not in link and len(link) < 400 for link in links)
    assert any("page=2" in link for link in links)


def test_promoted_results_come_first_and_only_once(client, clinic):
    """An editor's pick for the query is shown first and left out of the ordinary results."""
    query = Query.get("botox")
    summer = clinic["summer"]
    SearchPromotion.objects.create(query=query, page=summer, sort_order=0, description="Our summer guide.")
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.com/leaflet",
        external_link_text="Patient leaflet",
        sort_order=1,
    )
    response = client.get("/search/", {"q": "Botox?"})
    outcome = response.context["outcome"]
    assert [promotion.title for promotion in outcome.promotions] == [summer.title, "Patient leaflet"]
    assert "Coping with sweat in summer" not in result_titles(response)
    html = response.content.decode()
    assert html.index("Our summer guide.") < html.index("Botox for chronic migraine")
    assert outcome.total == len(result_titles(response)) + 2


def test_promotions_head_the_first_page_only_and_count_on_every_page(client, make_treatment):
    """Page 2 shows no promotions but the same total as page 1."""
    pages = [make_treatment(f"Peel {n}", summary="A chemical peel.") for n in range(12)]
    SearchPromotion.objects.create(query=Query.get("peel"), page=pages[0], sort_order=0)
    first_response, second_response = (client.get("/search/", {"q": "peel", "page": n}) for n in (1, 2))
    first, second = first_response.context["outcome"], second_response.context["outcome"]
    assert [promotion.title for promotion in first.shown_promotions] == ["Peel 0"]
    assert second.shown_promotions == []
    assert first.total == second.total == 12
    assert b"search-result--promoted" in first_response.content
    assert b"search-result--promoted" not in second_response.content


def test_a_promotion_is_shown_when_nothing_else_matches(client, clinic):
    """Promoting a page for a query that finds nothing (the report's suggestion) shows that page."""
    SearchPromotion.objects.create(query=Query.get("bo tox"), page=clinic["migraine"], sort_order=0)
    response = client.get("/search/", {"q": "bo tox"})
    outcome = response.context["outcome"]
    assert result_titles(response) == []
    assert [promotion.title for promotion in outcome.shown_promotions] == ["Botox for chronic migraine"]
    assert b"search-result--promoted" in response.content
    assert b"Nothing found" not in response.content


@pytest.mark.parametrize("typed", ["laser hair removal", "Laser hair removal?", "  LASER  hair-removal "])
def test_a_promotion_matches_its_query_whatever_the_punctuation(client, clinic, typed):
    """A promotion entered as 'Laser Hair Removal?' shows for 'laser hair removal' and other spellings."""
    query = Query.get("Laser Hair Removal?")
    SearchPromotion.objects.create(query=query, page=clinic["summer"], sort_order=0)
    outcome = client.get("/search/", {"q": typed}).context["outcome"]
    assert [promotion.title for promotion in outcome.shown_promotions] == ["Coping with sweat in summer"]


def test_a_promotion_is_shown_for_a_query_of_stop_words_only(client, clinic):
    """Editors may promote a page for a query with no words worth searching for, such as 'how to'."""
    SearchPromotion.objects.create(query=Query.get("how to"), page=clinic["diary"], sort_order=0)
    outcome = client.get("/search/", {"q": "How to?"}).context["outcome"]
    assert [promotion.title for promotion in outcome.shown_promotions] == ["Keeping a headache diary"]
    assert outcome.total == 1


def test_promotions_of_unpublished_pages_are_not_shown(client, clinic):
    """A promoted page that has since been unpublished is skipped."""
    SearchPromotion.objects.create(query=Query.get("botox"), page=clinic["diary"], sort_order=0)
    clinic["diary"].unpublish()
    assert client.get("/search/", {"q": "botox"}).context["outcome"].promotions == []


def search_outcome(client, **params):
    return client.get("/search/", params).context["outcome"]


def type_counts(outcome):
    return {facet.value: facet.count for facet in outcome.type_facets}


def test_promoted_pages_count_in_the_facets_and_follow_the_filters(client, clinic):
    """A promoted page counts under its type and tags, and heads only the results the filters allow."""
    SearchPromotion.objects.create(query=Query.get("botox sweating"), page=clinic["migraine"], sort_order=0)

    everything = search_outcome(client, q="botox sweating")
    assert [promotion.title for promotion in everything.shown_promotions] == ["Botox for chronic migraine"]
    assert type_counts(everything) == {"treatment": 2, "article": 1}
    assert everything.pages_found == 3
    html = client.get("/search/", {"q": "botox sweating"}).content.decode()
    assert "3 results for “botox sweating”" in html
    assert {facet.value: facet.count for facet in everything.tag_facets}["migraine"] == 1

    articles = search_outcome(client, q="botox sweating", type="article")
    assert articles.shown_promotions == []
    assert type_counts(articles) == {"treatment": 2, "article": 1}
    assert articles.pages_found == 1

    sweating = search_outcome(client, q="botox sweating", tag="sweating")
    assert sweating.shown_promotions == []  # the promoted page is not tagged "sweating"
    assert type_counts(sweating) == {"treatment": 1, "article": 1}
    assert sweating.pages_found == 2

    migraine = search_outcome(client, q="botox sweating", tag="migraine")
    assert [promotion.title for promotion in migraine.shown_promotions] == ["Botox for chronic migraine"]
    assert type_counts(migraine) == {"treatment": 1}
    assert migraine.pages_found == 1


def test_an_external_promotion_is_shown_only_without_filters(client, clinic):
    """An external link has no type or tags: a filtered search leaves it out, and no count includes it."""
    SearchPromotion.objects.create(
        query=Query.get("sweating"),
        external_link_url="https://example.com/leaflet",
        external_link_text="Patient leaflet",
        sort_order=0,
    )
    unfiltered = search_outcome(client, q="sweating")
    assert [promotion.title for promotion in unfiltered.shown_promotions] == ["Patient leaflet"]
    assert unfiltered.pages_found == sum(type_counts(unfiltered).values()) == unfiltered.total - 1
    for filters in ({"type": "article"}, {"tag": "sweating"}):
        assert search_outcome(client, q="sweating", **filters).shown_promotions == []


def test_a_chosen_tag_stays_among_the_filters_when_nothing_has_it(client, clinic):
    """With no result left by the chosen tag, that tag is still listed (selected, 0), as a chosen type is."""
    outcome = search_outcome(client, q="diary", tag="sweating")
    assert outcome.result_count == 0
    assert [(facet.value, facet.count) for facet in outcome.tag_facets if facet.selected] == [("sweating", 0)]


def test_drafts_and_private_pages_are_not_found(client, clinic, home_page):
    """Only live, public pages appear in results."""
    clinic["migraine"].unpublish()
    PageViewRestriction.objects.create(page=clinic["sweating"], restriction_type="login")
    assert result_titles(client.get("/search/", {"q": "botox"})) == []


def test_no_results_page_offers_treatments_and_popular_searches(client, clinic):
    """When nothing matches, visitors see our treatments and what others searched for successfully."""
    today = timezone.localdate()
    SearchQueryStat.objects.create(query_string="botox for migraine", date=today, hits=5)
    SearchQueryStat.objects.create(query_string="migraine", date=today, hits=5, zero_result_hits=5)
    response = client.get("/search/", {"q": "xylophone"})
    html = response.content.decode()
    assert "Nothing found for “xylophone”" in html
    assert response.context["popular_searches"] == ["botox for migraine"]
    assert '<a class="chip" href="?q=botox%20for%20migraine">botox for migraine</a>' in html
    assert {page.title for page in response.context["treatments"]} == {
        "Botox for chronic migraine",
        "Botox for excessive sweating",
    }


def test_popular_searches_are_only_those_in_the_sites_own_words(client, clinic):
    """A successful query with words the site never uses is not shown to other visitors.

    Anyone can search twice for a sentence of their own; only queries made of synonyms,
    tags, conditions and treatment titles (singular or plural) and joining words such as
    "for" are offered; stop words such as "you", "should" and "not" are not enough.
    """
    today = timezone.localdate()
    for query_string, hits in [
        ("botox scams at cheap pills dot example", 9),
        ("you should not have botox", 8),
        ("shots for headaches", 4),
        ("hyperhidrosis", 3),
        ("sweaty palms", 2),
    ]:
        SearchQueryStat.objects.create(query_string=query_string, date=today, hits=hits)
    response = client.get("/search/", {"q": "xylophone"})
    assert response.context["popular_searches"] == ["shots for headaches", "hyperhidrosis"]
    assert b"cheap pills" not in response.content


def test_the_sites_vocabulary_is_read_once_for_many_no_results_pages(client, clinic):
    """Checking popular searches against the site's words does not re-read every treatment title each time.

    The vocabulary is cached for a few minutes, so a no-results page that finds it
    cached skips the queries reading synonyms, tags, conditions and titles.
    """
    SearchQueryStat.objects.create(query_string="hyperhidrosis", date=timezone.localdate(), hits=3)
    client.get("/search/", {"q": "xylophone"})  # warms every other cache (site, settings ...)
    cache.delete(VOCABULARY_CACHE_KEY)
    query_counts = []
    for query_string in ("xylophones", "xylophonic"):  # each logged as a new query
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": query_string})
        assert response.context["popular_searches"] == ["hyperhidrosis"]
        query_counts.append(len(captured))
    reading_vocabulary, vocabulary_cached = query_counts
    assert vocabulary_cached < reading_vocabulary


def test_a_query_of_stop_words_only_is_answered_as_a_search_that_found_nothing(client, clinic):
    """'the' is a search that found nothing, not an empty search box."""
    response = client.get("/search/", {"q": "the"})
    html = response.content.decode()
    assert response.context["outcome"].searched
    assert "0 results for “the”" in html
    assert "Nothing found for “the”" in html
    assert "Type a treatment, a condition or a question" not in html


def test_no_results_with_filters_offers_to_remove_them(client, clinic):
    """Filters that leave nothing come with a link to search again without them."""
    html = client.get("/search/", {"q": "underarm", "type": "article"}).content.decode()
    assert 'href="?q=underarm">Search again without the filters' in html


def test_empty_search_page_invites_a_query(client, clinic):
    """With no query there is no result count, just the form and suggestions."""
    response = client.get("/search/")
    assert response.status_code == 200
    assert not response.context["outcome"].searched
    assert "Type a treatment, a condition or a question" in response.content.decode()


def test_the_query_is_shown_back_escaped(client, clinic):
    """Markup in the query is printed as text, never as HTML."""
    html = client.get("/search/", {"q": '<img src=x onerror="alert(1)">'}).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_search_pages_ask_search_engines_not_to_index_them(client, clinic):
    """Result pages are thin content: noindex, follow; they still describe themselves."""
    html = client.get("/search/?q=botox").content.decode()
    assert '<meta name="robots" content="noindex, follow">' in html
    assert '<meta name="description" content="Search ' in html


def test_only_get_and_head_are_allowed(client, clinic):
    assert client.post("/search/", {"q": "botox"}).status_code == 405
    assert client.head("/search/?q=botox").status_code == 200


def test_new_block_text_is_searchable_after_publishing(client, make_treatment):
    """Publishing a new revision updates what the page is found by."""
    page = make_treatment("Chemical peel", summary="A peel for uneven skin tone.")
    page.body = rich_text_body("Mandelic acid suits darker skin types.")
    publish_signed_off(page)
    assert result_titles(client.get("/search/", {"q": "mandelic"})) == ["Chemical peel"]

"""The search report helps SEO staff close failing searches: synonyms to add, and work already done."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import SearchQueryStat, SynonymGroup
from search.spelling import Vocabulary
from search.suggestions import Promoted, ReportAdvisor, SynonymSuggestion

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/site-search/"
QUOTE_OPEN, QUOTE_CLOSE = "\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}"
SYNONYM_ADD_URL = "/admin/snippets/search/synonymgroup/add/"


def log(query_string, hits=1, zero_result_hits=1):
    SearchQueryStat.objects.create(
        query_string=query_string, date=timezone.localdate(), hits=hits, zero_result_hits=zero_result_hits
    )


def report_row(client, query_string, table="failing_queries"):
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    (row,) = [row for row in response.context[table] if row["query_string"] == query_string]
    return row, response.content.decode()


def promote(query_string, page):
    return SearchPromotion.objects.create(query=Query.get(query_string), page=page, sort_order=0)


def test_advisor_suggests_the_near_indexed_word_or_synonym_and_nothing_for_a_word_with_none_near():
    """Only words no page or synonym uses get advice; a near synonym word names its group."""
    group = SynonymGroup(pk=7, terms="minoxidil\nregaine")
    advisor = ReportAdvisor([group], Vocabulary({"rosacea": 4, "laser": 9}), promotions=[])
    advice = advisor.advise("regain for rosaccea qwzxvk laser")
    assert advice.suggestions == (
        SynonymSuggestion("regain", "regaine", group),
        SynonymSuggestion("rosaccea", "rosacea", None),
    )
    assert advice.unknown == ("qwzxvk",)
    assert advisor.advise("regain", suggest=False).suggestions == ()


def test_advisor_names_the_queries_terms_with_synonyms_and_counts_promotions_as_searches_compare_them():
    """A phrase counts as one term; "Botox?" and "botox" are the same query, so their promotions add up."""
    groups = [
        SynonymGroup(terms="botox\nbotulinum toxin"),
        SynonymGroup(terms="sweaty armpits\nhyperhidrosis"),
    ]
    promotions = [(3, "botox"), (3, "botox"), (5, "Botox?"), (6, "fillers")]
    advisor = ReportAdvisor(groups, Vocabulary({}), promotions)
    assert advisor.advise("Botulinum toxins for sweaty armpits").synonym_terms == (
        "botulinum toxins",
        "sweaty armpits",
    )
    assert advisor.advise("sweaty palms").synonym_terms == ()  # a shared word is not a synonym
    assert advisor.advise("botox").promoted == Promoted(query_id=3, count=3)
    assert advisor.advise("lip filler").promoted is None


def test_report_suggests_a_near_word_on_the_site_as_a_new_synonym_group(admin_client, make_treatment):
    """'regain' found nothing and pages say 'Regaine': the link opens the new group form with both."""
    make_treatment("Regaine foam for thinning hair")
    log("regain")
    row, html = report_row(admin_client, "regain")
    ((item),) = row["suggestions"]
    assert item["suggestion"] == SynonymSuggestion("regain", "regaine", None)
    assert f"Try a synonym: {QUOTE_OPEN}regain{QUOTE_CLOSE} → {QUOTE_OPEN}regaine{QUOTE_CLOSE}" in html
    assert item["url"] == f"{SYNONYM_ADD_URL}?terms=regain&terms=regaine"
    form = admin_client.get(item["url"]).context["form"]
    assert form.initial["terms"] == "regain\nregaine"


def test_report_suggests_joining_the_synonym_group_of_a_near_synonym_word(admin_client, home_page):
    """No page says 'regaine' but a synonym group does: the link adds 'regain' to that group's form."""
    group = SynonymGroup.objects.create(terms="minoxidil\nregaine")
    log("regain")
    row, html = report_row(admin_client, "regain")
    ((item),) = row["suggestions"]
    assert item["suggestion"].group == group
    assert item["url"] == f"/admin/snippets/search/synonymgroup/edit/{group.pk}/?add=regain"
    assert "Add to “minoxidil / regaine”" in html
    form = admin_client.get(item["url"]).context["form"]
    assert form.initial["terms"] == "minoxidil\nregaine\nregain"
    assert (
        admin_client.get(item["url"].replace("regain", "%01")).context["form"].initial["terms"] == group.terms
    )


def test_report_says_plainly_when_it_has_no_suggestion(admin_client, make_treatment):
    """A word with nothing near gets no guess; words each on some page get none either."""
    make_treatment("Laser hair removal", summary="For unwanted hair.")
    log("qwzxvk")
    log("laser removal hair unwanted", zero_result_hits=2)
    row, html = report_row(admin_client, "qwzxvk")
    assert row["suggestions"] == []
    assert (
        f"No suggestion for {QUOTE_OPEN}qwzxvk{QUOTE_CLOSE}: no page or synonym uses a word close to it."
        in html
    )
    row, html = report_row(admin_client, "laser removal hair unwanted")
    assert row["suggestions"] == [] and row["unknown_words"] == ()
    assert "No suggestion: pages or synonyms use each word, though not all together." in html


def test_report_shows_the_synonyms_and_promotions_a_query_already_has(admin_client, home_page):
    """Labels link to the synonym listing searched for the term and to the query's promotions."""
    SynonymGroup.objects.create(terms="botox\nbotulinum toxin")
    promotion = promote("Botox?", home_page)
    log("botox", hits=5, zero_result_hits=0)
    log("botulinum toxins price")
    row, html = report_row(admin_client, "botox", table="top_queries")
    assert row["promotions"] == 1
    assert row["promotions_url"] == f"/admin/searchpicks/{promotion.query_id}/"
    assert f'href="/admin/searchpicks/{promotion.query_id}/"' in html
    row, html = report_row(admin_client, "botulinum toxins price")
    assert [item["term"] for item in row["synonym_terms"]] == ["botulinum toxins"]
    assert row["synonym_terms"][0]["url"] == "/admin/snippets/search/synonymgroup/?q=botulinum+toxin"
    assert not row["promotions"]
    assert "Synonyms: botulinum toxins" in html
    listing = admin_client.get(row["synonym_terms"][0]["url"]).content.decode()
    assert "botox / botulinum toxin" in listing


def test_report_queries_do_not_grow_with_its_rows(admin_client, home_page, django_assert_max_num_queries):
    """Synonyms, promotions and the index's words are read once, not once per row."""
    log("regain")
    SynonymGroup.objects.create(terms="minoxidil\nregaine")
    admin_client.get(REPORT_URL)  # reads the index's words, kept until the content changes
    with CaptureQueriesContext(connection) as one_row:
        admin_client.get(REPORT_URL)
    budget = len(one_row)  # before the next request clears the connection's query log
    for number in range(20):
        SynonymGroup.objects.create(terms=f"brand{number}\nclinical name {number}")
        promote(f"brand{number} regain", home_page)
        log(f"brand{number} regain")
    admin_client.get(REPORT_URL)  # saving synonyms changed the content, so the words are read again
    with django_assert_max_num_queries(budget):
        response = admin_client.get(REPORT_URL)
    rows = [row for row in response.context["failing_queries"] if row["query_string"].startswith("brand")]
    assert len(rows) == 20
    assert all(row["promotions"] == 1 and row["synonym_terms"] and row["suggestions"] for row in rows)

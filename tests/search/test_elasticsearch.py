"""Elasticsearch: the index mapping and query bodies Wagtail builds for our models, without a server.

Building a mapping or a query body needs no connection, so these run everywhere.
The live tests at the end need a real Elasticsearch: set ELASTICSEARCH_URL (see
docker-compose.yml); they are skipped otherwise.
"""

import os
import uuid
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from taggit.models import Tag
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from articles.models import ArticlePage
from cms.settings.base import search_backends
from search.query import build_search_query, expand_query
from search.spelling import Vocabulary
from search.synonyms import SynonymTable
from search.tagged import tagged_with
from tests.factories import TreatmentPageFactory
from treatments.models import TreatmentPage

SYNONYMS = SynonymTable([["botox", "botulinum toxin"], ["injections", "shots"]])


@pytest.fixture(params=["elasticsearch8", "elasticsearch9"])
def backend(request):
    """The Elasticsearch backend as configured for production, built aside: nothing is sent to it."""
    config = search_backends("http://127.0.0.1:9", request.param)["default"].copy()
    return get_search_backend(config.pop("BACKEND"), **config)


def properties(model, backend):
    return backend.mapping_class(model).get_mapping()["properties"]


def test_treatment_mapping_holds_every_searchable_field(backend):
    """Title, summary, body, conditions and tags are indexed; tags and category can filter."""
    fields = properties(TreatmentPage, backend)
    prefix = "treatments_treatmentpage__"
    assert fields["title"]["type"] == "text"
    assert fields[f"{prefix}summary"]["type"] == "text"
    assert fields[f"{prefix}body"] == {"type": "text", "copy_to": "_all_text"}
    assert fields[f"{prefix}conditions"]["properties"]["name"]["type"] == "text"
    assert fields[f"{prefix}tags"]["properties"]["name"]["type"] == "text"
    assert fields[f"{prefix}tags_filter"]["type"] == "integer"
    assert fields[f"{prefix}category_filter"]["type"] == "keyword"


def test_article_mapping_holds_every_searchable_field(backend):
    fields = properties(ArticlePage, backend)
    prefix = "articles_articlepage__"
    assert {f"{prefix}intro", f"{prefix}body", f"{prefix}tags", f"{prefix}tags_filter"} <= set(fields)
    assert fields[f"{prefix}intro"]["copy_to"] == ["_all_text", "_all_text_boost_2_0"]


def test_title_and_conditions_are_boosted(backend):
    """Title, summary, conditions and tags are copied to the boosted field; the body is not."""
    fields = properties(TreatmentPage, backend)
    prefix = "treatments_treatmentpage__"
    boosted = "_all_text_boost_2_0"
    assert boosted in fields["title"]["copy_to"]
    assert boosted in fields[f"{prefix}conditions"]["properties"]["name"]["copy_to"]
    assert boosted in fields[f"{prefix}summary"]["copy_to"]
    assert fields[f"{prefix}body"]["copy_to"] == "_all_text"


def test_every_boosted_field_is_queried(backend):
    """Each boosted copy in the mapping is among the fields a page search asks for, with its boost."""
    mapping = {**properties(TreatmentPage, backend), **properties(ArticlePage, backend)}
    mapping_boosts = {name for name in mapping if "_boost_" in name}
    compiler = backend.query_compiler_class(Page.objects.all(), PlainText("shots"))
    query = compiler.get_query()
    queried = set(query["bool"]["must"]["multi_match"]["fields"])
    assert {f"{name}^2.0" for name in mapping_boosts} <= queried
    assert "_all_text" in queried


def test_index_settings_use_english_analysis(backend):
    """Text is analysed in English (stemming, stop words, accents folded); autocomplete by edge n-grams."""
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"]["default"]["filter"] == [
        "english_possessive",
        "lowercase",
        "asciifolding",
        "english_stop",
        "english_stemmer",
    ]
    assert "edgengram_analyzer" in analysis["analyzer"]
    assert properties(TreatmentPage, backend)["_edgengrams"]["analyzer"] == "edgengram_analyzer"


def test_document_holds_faq_and_block_text(backend, treatment_index):
    """The document sent for a treatment includes its FAQ questions and answers and list items."""
    page = TreatmentPageFactory(parent=treatment_index, title="Botox for chronic migraine")
    document = backend.mapping_class(TreatmentPage).get_document(page)
    body = " ".join(document["treatments_treatmentpage__body"])
    assert "Question 0?" in body
    assert "Answer 0, ask your provider." in body
    assert "15 or more headache days a month" in body


@pytest.mark.django_db
def test_query_body_for_a_typical_search_with_filters(backend, home_page):
    """'shots botox', treatments only, one tag: synonyms as words and phrases, filters as terms."""
    tag = Tag.objects.create(name="Migraine", slug="migraine")
    queryset = Page.objects.live().public().type(TreatmentPage).filter(tagged_with(tag))
    query = build_search_query("shots botox", SYNONYMS)
    body = backend.query_compiler_class(queryset, query, operator="or").get_query()

    # One query per indexed field (the catch-all and the boosted copy), the best counting.
    all_text, boosted = body["bool"]["must"]["dis_max"]["queries"]
    shots, botox = all_text["bool"]["should"]
    assert shots["bool"]["should"] == [
        {"match": {"_all_text": {"query": "shot shots", "boost": 2.0}}},
        {"match": {"_all_text": {"query": "injection injections"}}},
    ]
    typed_botox, synonyms = botox["bool"]["should"]
    assert typed_botox == {"match": {"_all_text": {"query": "botox botoxes", "boost": 2.0}}}
    assert {"match_phrase": {"_all_text": "botulinum toxin"}} in synonyms["bool"]["should"]
    boosted_shots = boosted["bool"]["should"][0]["bool"]["should"][0]
    assert boosted_shots == {"match": {"_all_text_boost_2_0": {"query": "shot shots", "boost": 4.0}}}

    filters = body["bool"]["filter"]
    assert filters[0] == {"match": {"_django_content_type": "wagtailcore.Page"}}
    conditions = filters[1]["bool"]["must"]
    assert {"term": {"live_filter": True}} in conditions
    treatment_type = ContentType.objects.get_for_model(TreatmentPage).pk
    assert {"terms": {"content_type_id_filter": [treatment_type]}} in conditions
    tag_filter = next(condition for condition in conditions if "should" in condition.get("bool", {}))
    assert [list(part["terms"]) for part in tag_filter["bool"]["should"]] == [["id_filter"], ["id_filter"]]


def test_a_misspelt_word_is_left_to_elasticsearchs_own_fuzziness(backend):
    """The database backends search for the correction; Elasticsearch gets the word as typed, fuzzy."""
    expansion = expand_query("lypoma removal", SynonymTable([]), Vocabulary({"lipoma": 2, "removal": 5}))
    assert "lipoma" in repr(expansion.query_for(get_search_backend("default")))
    query = expansion.query_for(backend)
    body = backend.query_compiler_class(Page.objects.live(), query, operator="or").get_query()
    all_text = body["bool"]["must"]["dis_max"]["queries"][0]
    lypoma, removal = all_text["bool"]["should"]
    assert lypoma == {"match": {"_all_text": {"query": "lypoma", "fuzziness": "AUTO"}}}
    assert removal == {"match": {"_all_text": {"query": "removal removals", "boost": 2.0}}}


# Live tests: a real Elasticsearch at ELASTICSEARCH_URL.

live = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="Set ELASTICSEARCH_URL (e.g. http://127.0.0.1:9200 from docker-compose.yml) to run live tests",
)


@pytest.fixture
def live_backend(settings):
    """A throwaway index prefix on the Elasticsearch at ELASTICSEARCH_URL, deleted afterwards."""
    name = os.environ.get("SEARCH_BACKEND", "elasticsearch9")
    prefix = f"test_{uuid.uuid4().hex[:8]}_"
    settings.WAGTAILSEARCH_BACKENDS = search_backends(os.environ["ELASTICSEARCH_URL"], name, prefix)
    settings.SEARCH_FALLBACK_BACKEND = None
    backend = get_search_backend()
    yield backend
    # By name: Elasticsearch 8+ refuses wildcard deletes by default.
    for index in backend.es.indices.get(index=f"{prefix}*"):
        backend.es.indices.delete(index=index)


@live
@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_live_search_through_the_view(live_backend, make_treatment, make_article, synonyms, client):
    """Pages indexed into Elasticsearch are found by lay words, filtered and counted."""
    make_treatment("Botox for chronic migraine", summary="Injections for migraine.", tags=["migraine"])
    make_article("Keeping a headache diary", intro="Write down your headache days.", tags=["migraine"])
    call_command("update_index", backend_name="default", stdout=StringIO())
    live_backend.refresh_indexes()

    response = client.get("/search/", {"q": "shots for migraines"})
    outcome = response.context["outcome"]
    assert outcome.page[0].page.title == "Botox for chronic migraine"
    assert {facet.value: facet.count for facet in outcome.type_facets} == {"treatment": 1, "article": 1}
    assert {facet.value: facet.count for facet in outcome.tag_facets} == {"migraine": 2}

    response = client.get("/search/", {"q": "headache", "type": "article"})
    assert [hit.page.title for hit in response.context["outcome"].page] == ["Keeping a headache diary"]


@live
@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_live_autocomplete(live_backend, make_treatment, client):
    make_treatment("Microneedling")
    call_command("update_index", backend_name="default", stdout=StringIO())
    live_backend.refresh_indexes()
    assert [item["title"] for item in client.get("/search/autocomplete/", {"q": "micro"}).json()] == [
        "Microneedling"
    ]

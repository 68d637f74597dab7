"""On PostgreSQL, the ranking is Wagtail's own rank expression written as SQL text: the same scores."""

import pytest
from django.db import connection
from django.db.models import IntegerField
from django.db.models.functions import Cast
from modelsearch.conf import get_app_config
from modelsearch.query import And, Boost, Or, Phrase, PlainText
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from search.query import expand_query
from tests.search.conftest import rich_text_body

IndexEntry = get_app_config().get_model("IndexEntry")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ranking only"),
]


@pytest.fixture
def pages(make_treatment, make_article, synonyms):
    make_treatment("Chemical peel", summary="A peel for dull skin.", body=rich_text_body("Peel, then rest."))
    make_treatment("Botox for chronic migraine", summary="Injections for headache days.")
    make_article("Peel aftercare", intro="After a chemical peel: shots of moisture.")
    make_article("Living with migraine", intro="A headache diary helps your provider.")
    # A body vector over 2 kB, which PostgreSQL stores out of line (TOAST): ranked from one read.
    long_text = " ".join(f"skin peel note{n:03d}" for n in range(300))
    make_article("Peel diary", intro="Every week of a peel course.", body=rich_text_body(long_text))


@pytest.mark.parametrize(
    "make_query",
    [
        lambda: expand_query("peel").search_query(),
        lambda: expand_query("shots for migraines").search_query(),
        lambda: expand_query('"chemical peel" diary').search_query(),
        lambda: And([PlainText("chemical"), Boost(PlainText("peel"), 3.0)]),
        lambda: Or([Phrase("chemical peel"), And([PlainText("headache"), PlainText("diary")])]),
    ],
    ids=["word", "synonyms", "phrase", "and", "nested"],
)
def test_scores_are_wagtails(pages, make_query):
    """Each match's score equals that of Wagtail's expression (build_tsrank) for the same query."""
    query = make_query()
    backend = get_search_backend()
    compiler = backend.search(query, Page.objects.live(), operator="or").query_compiler
    config = compiler.get_config(backend)
    ours = dict(compiler.rank(config, None, None, within_queryset=False))
    reference = compiler.matching_entries(config).values_list(
        Cast("object_id", IntegerField()), compiler._build_rank_expression(compiler.ENTRY_VECTORS, config)
    )
    assert ours == pytest.approx(dict(reference), rel=1e-12)
    assert len(ours) >= 2


def test_the_fixture_holds_a_vector_large_enough_to_be_stored_out_of_line(pages):
    """PostgreSQL moves values out of a row over about 2 kB: the scores above cover such a vector."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(pg_column_size(body)) FROM {IndexEntry._meta.db_table}")  # noqa: S608
        assert cursor.fetchone()[0] > 2048

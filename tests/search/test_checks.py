"""search.checks: the page models with tags and the search's result types must agree (search.E003).

Which pages carry tags is read from the models (taggit's item models of page models);
the result types name their models by hand, with the ``type=`` key and labels visitors see.
"""

from articles.models import ArticlePage
from home.models import HomePage
from search import checks
from search.result_types import MODEL_TYPES, ResultType
from search.tagged import tag_through_models, tagged_page_models
from treatments.models import TreatmentPage


def test_the_tagged_page_models_are_read_from_the_models():
    """Every page model with a taggit item model is found, and no tagged model that is not a page."""
    assert set(tagged_page_models()) == {TreatmentPage, ArticlePage}
    assert {through._meta.db_table for through in tag_through_models()} == {
        "treatments_treatmentpagetag",
        "articles_articlepagetag",
    }


def test_the_result_types_agree_with_the_tagged_page_models():
    """As shipped, every tagged page model has its result type and every result type's model has tags."""
    assert checks.check_tagged_page_types(None) == []


def test_a_tagged_page_model_without_a_result_type_is_reported(monkeypatch):
    """A kind of page with tags but no result type would be listed as "Other pages": the check names it."""
    without_articles = tuple(kind for kind in MODEL_TYPES if kind.model is not ArticlePage)
    monkeypatch.setattr(checks, "MODEL_TYPES", without_articles)
    (error,) = checks.check_tagged_page_types(None)
    assert error.id == "search.E003" and error.obj is ArticlePage and "no result type" in error.msg


def test_a_result_type_whose_model_has_no_tags_is_reported(monkeypatch):
    """A result type for a page model without tags could not be counted by tag: the check names it."""
    monkeypatch.setattr(checks, "MODEL_TYPES", (*MODEL_TYPES, ResultType("home", "Home", "Home", HomePage)))
    (error,) = checks.check_tagged_page_types(None)
    assert error.id == "search.E003" and error.obj is HomePage and "but no tags" in error.msg


def test_tags_that_are_not_a_search_filter_field_are_reported(monkeypatch):
    """Tags left out of a tagged page model's search fields could not be counted by backends: reported."""
    fields = [field for field in ArticlePage.get_search_fields() if field.field_name != "tags"]
    monkeypatch.setattr(ArticlePage, "get_search_fields", classmethod(lambda cls: fields))
    (error,) = checks.check_tagged_page_types(None)
    assert error.id == "search.E003" and error.obj is ArticlePage and "cannot count" in error.msg

"""Yoast SEO's title variables and fields, as the Promote tab's values."""

import pytest

from wpimport.wxr import Item, Term
from wpimport.yoast import resolve, seo_fields

CLINIC = "Botox for migraine \u2013 Harbour Lane Clinic"
VALUES = {"title": "Botox for migraine", "sitename": "Harbour Lane Clinic", "sep": "\u2013"}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("%%title%% %%sep%% %%sitename%%", CLINIC),
        ("%%title%% %%page%% %%sep%% %%sitename%%", CLINIC),
        ("%%sitename%% %%sep%% %%currentyear%%", "Harbour Lane Clinic"),
        (
            "%%title%% %%sep%% %%pt_single%% %%sep%% %%sitename%%",
            "Botox for migraine \u2013 Harbour Lane Clinic",
        ),
        ("Plain words", "Plain words"),
    ],
)
def test_title_variables_are_resolved_or_removed(template, expected):
    """Known variables take the post's values; unknown ones go with the separator they leave behind."""
    assert resolve(template, VALUES) == expected


def item(**meta):
    return Item(post_id=1, post_type="post", meta=meta, terms=[Term("category", "Migraine")])


def test_seo_title_equal_to_the_title_is_left_blank():
    """A Yoast title that only repeats the page title adds nothing, so the page's title is used."""
    fields, _notes = seo_fields(item(_yoast_wpseo_title="%%title%%"), "Botox", "Clinic")
    assert fields["seo_title"] == ""


def test_meta_description_with_a_variable():
    fields, _notes = seo_fields(
        item(_yoast_wpseo_metadesc="About %%primary_category%%. %%excerpt%%"), "T", "Clinic", "Short."
    )
    assert fields["search_description"] == "About Migraine. Short."


def test_canonical_must_be_a_full_address():
    fields, _notes = seo_fields(item(_yoast_wpseo_canonical="https://partner.example/guide/"), "T", "C")
    assert fields["canonical_url"] == "https://partner.example/guide/"
    fields, notes = seo_fields(item(_yoast_wpseo_canonical="/guide/"), "T", "C")
    assert fields["canonical_url"] == ""
    assert "not a full address" in notes[0]
    fields, notes = seo_fields(item(_yoast_wpseo_canonical="https://partner.example/" + "a" * 200), "T", "C")
    assert fields["canonical_url"] == ""
    assert "longer than" in notes[0]


@pytest.mark.parametrize(("value", "no_index"), [("1", True), ("2", False), ("0", False), ("", False)])
def test_noindex(value, no_index):
    """Yoast writes 1 for noindex and 2 for an explicit index."""
    fields, _notes = seo_fields(item(**{"_yoast_wpseo_meta-robots-noindex": value}), "T", "C")
    assert fields["no_index"] is no_index

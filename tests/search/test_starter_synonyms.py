"""The starter synonym file: groups a clinic can load on day one without hurting its rankings.

These tests check the rules in the file's header that a machine can check; whether
two terms truly mean the same thing is left to the person who edits the file.
"""

import tomllib
from importlib import import_module
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from search.models import SynonymGroup, is_searchable
from search.starter import starter_groups
from search.text import normalise_query, search_terms, singular

STARTER_FILE = Path(__file__).resolve().parents[2] / "search" / "starter_synonyms.toml"

#: Words that mean too many things on a clinic's site to stand alone in a group:
#: a visitor typing one of them would get every page about any of its meanings.
OVER_BROAD_WORDS = {
    "laser",
    "skin",
    "face",
    "injection",
    "surgery",
    "treatment",
    "removal",
    "cream",
    "clinic",
    "procedure",
    "therapy",
    "lift",
    "pain",
    "hair",
    "vein",
    "scar",
    "spot",
    "line",
    "peel",
    "implant",
    "pill",
    "body",
    "fat",
}

MIN_GROUPS = 150


def load_groups():
    with STARTER_FILE.open("rb") as file:
        return tomllib.load(file)["group"]


GROUPS = load_groups()


def key(term):
    """How synonym lookup sees a term: its searched words, each in the singular."""
    return tuple(singular(word) for word in search_terms(normalise_query(term)))


def group_id(group):
    return group["terms"][0]


def test_the_file_offers_enough_groups():
    """The starter vocabulary covers at least 150 concepts."""
    assert len(GROUPS) >= MIN_GROUPS


@pytest.mark.parametrize("group", GROUPS, ids=group_id)
def test_a_group_holds_only_its_terms_and_a_note(group):
    """Every group has a list of terms and a note, and nothing the admin form has no field for."""
    assert set(group) == {"terms", "note"}
    assert all(isinstance(term, str) for term in group["terms"])


@pytest.mark.parametrize("group", GROUPS, ids=group_id)
def test_every_term_in_a_group_is_a_different_search(group):
    """No group lists one term twice, even as a plural, another case or other punctuation."""
    keys = [key(term) for term in group["terms"]]
    assert len(set(keys)) == len(keys) >= 2, keys


@pytest.mark.parametrize("group", GROUPS, ids=group_id)
def test_every_term_can_be_searched(group):
    """Each term fits in a search and keeps at least one word once stop words are left out."""
    for term in group["terms"]:
        assert is_searchable(term), term
        assert key(term), term


@pytest.mark.parametrize("group", GROUPS, ids=group_id)
def test_no_over_broad_word_stands_alone(group):
    """Words like 'laser' or 'skin' appear only inside a longer phrase, never as a term of their own."""
    alone = [term for term in group["terms"] if len(key(term)) == 1 and key(term)[0] in OVER_BROAD_WORDS]
    assert not alone


@pytest.mark.parametrize("group", GROUPS, ids=group_id)
def test_every_group_says_why_its_terms_belong_together(group):
    """Each note is a non-empty sentence that fits the admin's note field."""
    note = group["note"].strip()
    assert note
    assert len(note) <= SynonymGroup._meta.get_field("note").max_length


@pytest.mark.parametrize("group", GROUPS, ids=group_id)
def test_every_group_passes_the_admin_form_checks(group):
    """SEO staff could enter the group by hand: it validates, and no term is dropped as a repeat."""
    synonym_group = SynonymGroup(terms="\n".join(group["terms"]), note=group["note"])
    synonym_group.full_clean()
    assert synonym_group.term_list() == group["terms"]


def test_no_term_belongs_to_two_groups():
    """A term in two groups would join two meanings: each term (in any number) names one group."""
    owners = {}
    for group in GROUPS:
        for term in group["terms"]:
            owners.setdefault(key(term), []).append(term)
    shared = {words: terms for words, terms in owners.items() if len(terms) > 1}
    assert not shared


def test_every_note_is_different():
    """Loading knows a starter group by its note, so two groups never share one."""
    notes = [group["note"].strip().casefold() for group in GROUPS]
    assert len(set(notes)) == len(notes)


@pytest.mark.django_db
def test_a_new_site_gets_the_starter_vocabulary_and_one_with_synonyms_keeps_its_own():
    migration = import_module("search.migrations.0007_starter_synonyms")
    migration.load_for_a_new_site(django_apps, None)
    assert SynonymGroup.objects.count() == len(starter_groups())
    SynonymGroup.objects.all().delete()
    SynonymGroup.objects.create(terms="botox\nbotulinum toxin", note="Our own.")
    migration.load_for_a_new_site(django_apps, None)
    assert list(SynonymGroup.objects.values_list("note", flat=True)) == ["Our own."]


@pytest.mark.django_db
def test_the_command_adds_only_the_starter_groups_a_site_lacks_and_leaves_edited_ones_alone():
    note, _terms = starter_groups()[0]
    SynonymGroup.objects.create(terms="edited\nby seo staff", note=note)
    out = StringIO()
    call_command("load_starter_synonyms", stdout=out)
    assert f"{len(starter_groups()) - 1} added, 1 already here" in out.getvalue()
    assert SynonymGroup.objects.get(note=note).terms == "edited\nby seo staff"
    call_command("load_starter_synonyms", stdout=StringIO())
    assert SynonymGroup.objects.count() == len(starter_groups())

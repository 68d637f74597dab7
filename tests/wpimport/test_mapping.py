"""The heading rules that place a treatment post's sections in typed blocks."""

import tomllib

import pytest

from tests.wpimport.conftest import FIXTURES
from wpimport.mapping import ConfigError, MappingConfig, load_config
from wpimport.wxr import Item, Term

with open(FIXTURES / "headings.toml", "rb") as file:
    HEADINGS = tomllib.load(file)


def accuracy(half):
    config = MappingConfig()
    right = sum(config.block_for(heading) == expected for heading, expected in HEADINGS[half])
    return right / len(HEADINGS[half])


def test_rules_place_the_tune_headings():
    """The rules were tuned on this half: nearly every heading lands in its expected block."""
    assert accuracy("tune") >= 0.95


def test_rules_carry_over_to_heldout_headings():
    """On headings the rules were never tuned on, most still land in the right block (measured: 17 of 22)."""
    assert accuracy("heldout") >= 0.75


@pytest.mark.parametrize(
    ("heading", "block"),
    [
        ("How does Botox work for migraines?", "how_it_works"),
        ("How often should I get treatments?", "frequency"),
        ("Who is a good candidate?", "candidacy"),
        ("Who is this treatment for?", "candidacy"),
        ("Side effects", "risks"),
        ("What are the risks?", "risks"),
        ("FAQs", "faq"),
        ("Does it hurt?", "faq"),
        ("Meet our team", "rich_text"),
    ],
)
def test_each_default_rule(heading, block):
    """One heading per rule of the issue's list, and one that no rule matches."""
    assert MappingConfig().block_for(heading) == block


def test_config_rules_come_before_the_defaults(tmp_path):
    """A clinic's own rule wins over a default, and the defaults still apply after it."""
    path = tmp_path / "mapping.toml"
    path.write_text(
        'treatment_categories = ["Procedures"]\ntreatment_posts = [7]\n'
        '[[rules]]\npattern = "^step by step$"\nblock = "how_it_works"\n'
        '[[rules]]\npattern = "^aftercare"\nblock = "risks"\n'
    )
    config = load_config(path)
    assert config.block_for("Step by step") == "how_it_works"
    assert config.block_for("Aftercare tips") == "risks"
    assert config.block_for("Side effects") == "risks"
    assert config.is_treatment(Item(post_id=7, post_type="post"))
    assert config.is_treatment(Item(post_id=8, post_type="post", terms=[Term("category", "Procedures")]))


def test_posts_in_a_treatment_category_are_treatments():
    """By default a post in the category "Treatments" is a treatment; a tag of that name is not."""
    config = MappingConfig()
    assert config.is_treatment(Item(post_id=1, post_type="post", terms=[Term("category", "Treatments")]))
    assert not config.is_treatment(Item(post_id=2, post_type="post", terms=[Term("post_tag", "Treatments")]))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[rules]]\npattern = "("\nblock = "faq"\n', "not a valid regular expression"),
        ('[[rules]]\npattern = "x"\nblock = "gallery"\n', "Unknown block 'gallery'"),
        ('[[rules]]\nblock = "faq"\n', "needs a pattern and a block"),
        ("rules = [", "not valid TOML"),
    ],
)
def test_a_bad_config_names_the_problem(tmp_path, text, message):
    path = tmp_path / "mapping.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(path)

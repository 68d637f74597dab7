"""Which treatment block a post's section belongs in, decided by ordered heading rules.

A rule is a regular expression matched against the heading in lower case; the first
rule that matches names the block. A clinic adds its own rules (tried before these)
and names the categories or posts that are treatments in a TOML file given with
``--config``; see docs/import.md.
"""

import re
import tomllib
from dataclasses import dataclass, field

TREATMENT_BLOCKS = ("how_it_works", "frequency", "candidacy", "risks", "faq")
TEXT = "rich_text"

#: Tuned on the ``tune`` half of tests/wpimport/fixtures/headings.toml only.
DEFAULT_RULES = (
    (r"\bfaqs?\b|frequently asked", "faq"),
    (r"side[- ]?effects?|\brisks?\b|complications?|\bis it safe\b|\bsafety\b", "risks"),
    (r"candidate|suitab|\bwho (is|are)\b.*\bfor\b|\bwho should\b|\bright for (me|you)\b", "candidacy"),
    (
        r"\bhow often\b|\bhow long\b.*\blast\b|\bhow many (sessions|treatments|appointments)\b"
        r"|schedule|top-?ups?",
        "frequency",
    ),
    (r"\bhow\b.*\bworks?\b|what happens|procedure|what to expect", "how_it_works"),
    # A heading that is itself a question ("Does it hurt?") is one question and its answer.
    (r"\?\s*$", "faq"),
)

DEFAULT_TREATMENT_CATEGORIES = ("treatments", "treatment")


class ConfigError(ValueError):
    """The mapping file cannot be used; the message says what to fix."""


@dataclass
class Rule:
    pattern: re.Pattern
    block: str

    def matches(self, heading):
        return bool(self.pattern.search(heading.lower()))


@dataclass
class MappingConfig:
    rules: list[Rule] = field(default_factory=lambda: compile_rules(DEFAULT_RULES))
    treatment_categories: tuple[str, ...] = DEFAULT_TREATMENT_CATEGORIES
    #: Articles in these categories are marked as medical content (they then need a sign-off).
    medical_categories: tuple[str, ...] = ()
    treatment_posts: frozenset[int] = frozenset()
    article_posts: frozenset[int] = frozenset()

    def block_for(self, heading):
        """The block a section under ``heading`` goes in; ``rich_text`` when no rule matches."""
        return next((rule.block for rule in self.rules if rule.matches(heading)), TEXT)

    def is_treatment(self, item):
        """Whether a post becomes a treatment page: named in the config, or in a treatment category."""
        if item.post_id in self.article_posts:
            return False
        if item.post_id in self.treatment_posts:
            return True
        wanted = {name.lower() for name in self.treatment_categories}
        return any(
            term.name.lower() in wanted or term.slug.lower() in wanted
            for term in item.terms
            if term.kind == "category"
        )


def compile_rules(pairs):
    rules = []
    for pattern, block in pairs:
        if block not in (*TREATMENT_BLOCKS, TEXT):
            raise ConfigError(f"Unknown block {block!r}; use one of {', '.join((*TREATMENT_BLOCKS, TEXT))}.")
        try:
            rules.append(Rule(re.compile(pattern, re.IGNORECASE), block))
        except re.error as error:
            message = f"The pattern {pattern!r} is not a valid regular expression: {error}."
            raise ConfigError(message) from None
    return rules


def load_config(path):
    """The mapping in the TOML file at ``path``: its rules first, then the defaults."""
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except OSError as error:
        raise ConfigError(f"Cannot read {path}: {error.strerror or error}.") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}.") from None
    try:
        own = [(rule["pattern"], rule["block"]) for rule in data.get("rules", [])]
        defaults = () if data.get("replace_default_rules") else DEFAULT_RULES
        return MappingConfig(
            rules=compile_rules([*own, *defaults]),
            treatment_categories=tuple(data.get("treatment_categories", DEFAULT_TREATMENT_CATEGORIES)),
            medical_categories=tuple(data.get("medical_categories", ())),
            treatment_posts=frozenset(int(n) for n in data.get("treatment_posts", [])),
            article_posts=frozenset(int(n) for n in data.get("article_posts", [])),
        )
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, ConfigError):
            raise
        raise ConfigError(
            f"{path}: each [[rules]] needs a pattern and a block; post lists hold numbers ({error})."
        ) from None

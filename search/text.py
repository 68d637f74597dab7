"""Turning what a visitor typed into plain words every search backend accepts.

Nothing a visitor types reaches a backend as syntax: quotes, operators (AND, OR,
NOT, +, -, *), field syntax (``title:botox``) and brackets become word separators
or plain lower-case words; control, NUL and invisible formatting characters are
dropped, so "bo\\x00tox" is "botox".
"""

import re
import unicodedata

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10

# Read no further than this into the raw input, so huge inputs cost nothing.
_RAW_INPUT_LIMIT = MAX_QUERY_LENGTH * 4
_WORD = re.compile(r"[^\W_]+")
_POSSESSIVE = re.compile("['\u2019]s\\b")
_WHITESPACE = re.compile(r"\s+")

_STOP_WORDS_TEXT = """
    a about after all also am an and any are as at be been before being but by can could did do
    does doing for from get got had has have having how i if in into is it its me my no nor not of
    off on or our out over should so some such than that the their them then there these they this
    those to too under up very was we were what when where which while who why will with would you
    your
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
#: Words on nearly every page of a clinic's site. They carry no meaning beside other
#: words ("treatment for sweating" is about sweating), so they are searched for only alone.
GENERIC_WORDS = frozenset({"treatment", "treatments", "clinic", "clinics"})
#: Plurals that are usually a word ending in "e" plus "s" ("headaches", "sneezes"), except
#: where "es" was added ("beaches", "coaches", "quizzes", "waltzes").
_E_PLURALS = ("aches", "zes")
_ES_PLURALS = ("eaches", "oaches", "zzes", "tzes")


def display_text(raw):
    """The visitor's input made safe to show and prefill: printable, one-line, length-capped.

    Whitespace of any kind becomes a space; other unprintable characters (control,
    NUL, zero-width and other formatting characters) are dropped.
    """
    text = unicodedata.normalize("NFKC", str(raw)[:_RAW_INPUT_LIMIT])
    text = "".join(_printable(char) for char in text)
    return _WHITESPACE.sub(" ", text).strip()[:MAX_QUERY_LENGTH].strip()


def _printable(char):
    if char.isspace() or unicodedata.category(char).startswith("Z"):
        return " "
    return "" if unicodedata.category(char).startswith("C") else char


def normalise_query(raw):
    """The query as lower-case words separated by single spaces, e.g. 'shots for migraines'.

    Used to search, to log queries and to look up editors' promotions, so that
    "Botox?", "botox" and " BOTOX " are the same query.
    """
    text = _POSSESSIVE.sub("", display_text(raw).lower())
    return " ".join(_WORD.findall(text))


def search_terms(normalised):
    """The words worth searching for (at most MAX_TERMS): no stop words, no repeats, generic words alone."""
    terms = []
    for word in normalised.split():
        if word not in STOP_WORDS and word not in terms:
            terms.append(word)
    specific = [term for term in terms if term not in GENERIC_WORDS]
    return (specific or terms)[:MAX_TERMS]


def word_forms(word):
    """``word`` with its likely singular or plural, e.g. 'migraines' -> {'migraines', 'migraine'}.

    A deliberately small rule set so that 'injection' finds 'injections' on backends
    that do not stem (SQLite FTS5, Elasticsearch's standard analyser).
    """
    forms = {word}
    if len(word) < 4 or not word.isalpha():
        return forms
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    elif word.endswith(_E_PLURALS) and not word.endswith(_ES_PLURALS):
        forms.add(word[:-1])  # headaches -> headache, sneezes -> sneeze
    elif word.endswith(("ches", "shes", "sses", "xes", "zes")):
        forms.add(word[:-2])
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms.add(word[:-1])
    elif word.endswith("y") and word[-2] not in "aeiou":
        forms.add(word[:-1] + "ies")
    elif word.endswith(("ch", "sh", "ss", "x", "z")):
        forms.add(word + "es")
    elif not word.endswith(("s", "is", "us")):
        forms.add(word + "s")
    return forms


def singular(word):
    """The shortest of ``word_forms(word)``: a key for comparing terms regardless of number."""
    return min(word_forms(word), key=lambda form: (len(form), form))

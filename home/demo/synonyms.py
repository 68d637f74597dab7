"""Demo search synonyms: the lay words, clinical names and misspellings visitors use for the demo treatments.

Each group's note says why its terms belong together and is its natural key, so
loading twice changes nothing.
"""

from search.models import SynonymGroup

from .loading import save_object

SYNONYMS = {
    "Botox, its clinical names and common misspellings.": [
        "botox",
        "botulinum toxin",
        "onabotulinumtoxinA",
        "botox injections",
        "botax",
        "botex",
        "bottox",
    ],
    "Migraine and the words people use for it, including misspellings.": [
        "migraine",
        "headache",
        "migraine headaches",
        "migrane",
        "migrain",
        "migrene",
    ],
    "Injections, as patients say it.": ["injections", "shots", "jabs", "injection treatment"],
    "Excessive sweating (hyperhidrosis) in lay words and misspellings.": [
        "hyperhidrosis",
        "excessive sweating",
        "heavy sweating",
        "sweating",
        "sweaty",
        "sweaty armpits",
        "underarm sweating",
        "hyperhydrosis",
    ],
    "Armpits by their everyday and clinical names.": ["armpits", "underarms", "axilla"],
    "Lines and wrinkles, treated with anti-wrinkle injections.": [
        "wrinkles",
        "lines and wrinkles",
        "fine lines",
        "frown lines",
        "forehead lines",
        "crow's feet",
        "anti-wrinkle",
        "antiwrinkle",
    ],
    "Chemical peels by the names patients use.": ["chemical peel", "skin peel", "facial peel", "acid peel"],
    "Microneedling and its other names.": [
        "microneedling",
        "micro needling",
        "skin needling",
        "collagen induction therapy",
        "dermaroller",
    ],
    "Acne scarring in everyday words.": ["acne scarring", "acne scars", "pitted scars", "acne marks"],
    "Uneven skin tone: pigmentation and the spots people notice.": [
        "uneven skin tone",
        "pigmentation",
        "hyperpigmentation",
        "dark spots",
        "sun spots",
        "age spots",
    ],
    "A first appointment.": ["consultation", "first visit", "first appointment"],
}


def load_synonyms(report):
    """Create or update the demo synonym groups."""
    for note, terms in SYNONYMS.items():
        save_object(SynonymGroup, {"note": note}, {"terms": "\n".join(terms)}, report)

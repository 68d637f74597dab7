"""Query parameters that analytics and advertising add to links, and that no page reads.

A page is the same with or without them: the page cache and page fragments leave them
out of their keys, and links the site builds from the current URL leave them out too,
so a visitor's campaign never lands in the links (or the cached page) others get.
"""

TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "twclid", "igshid", "mc_cid", "mc_eid", "_ga"}
)
TRACKING_PREFIXES = ("utm_",)


def without_tracking(query):
    """A mutable copy of ``query`` (a QueryDict) less its tracking parameters, otherwise in order."""
    kept = query.copy()
    for name in list(kept):
        if name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES):
            del kept[name]
    return kept

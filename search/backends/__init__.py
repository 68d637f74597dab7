"""Search backends: Wagtail's own, with a faster ranked query path on SQLite."""

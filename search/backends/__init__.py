"""Search backends: Wagtail's database backend, finding and ranking matches from the index first."""

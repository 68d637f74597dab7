"""Forget every cached page, page fragment and stored page part: run it after each deploy."""

from django.core.management.base import BaseCommand

from cms.cache import purge_page_cache


class Command(BaseCommand):
    help = (
        "Forget every cached page, page fragment and stored page part. Run it after each deploy "
        "(after migrate and collectstatic): pages cached by the previous release name its static "
        "files and were built by its templates, and Redis and the database keep them across restarts."
    )

    def handle(self, *args, **options):
        purge_page_cache(stored_parts=True)
        self.stdout.write("Cached pages, page fragments and stored page parts purged.")

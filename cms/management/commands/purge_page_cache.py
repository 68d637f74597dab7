"""Forget every cached page and page fragment: run it after each deploy."""

from django.core.management.base import BaseCommand

from cms.cache import purge_page_cache


class Command(BaseCommand):
    help = (
        "Forget every cached page and page fragment. Run it after each deploy (after migrate and "
        "collectstatic): pages cached by the previous release name its static files and were built "
        "by its templates, and Redis keeps them across restarts."
    )

    def handle(self, *args, **options):
        purge_page_cache()
        self.stdout.write("Cached pages and page fragments purged.")

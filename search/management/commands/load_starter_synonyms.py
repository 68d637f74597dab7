from django.core.management.base import BaseCommand

from search.starter import load_starter_synonyms, starter_groups


class Command(BaseCommand):
    help = (
        "Add the starter synonym groups (search/starter_synonyms.toml) that this site does not have yet, "
        "known by their notes. Groups SEO staff changed or added are left as they are."
    )

    def handle(self, *args, **options):
        added = load_starter_synonyms()
        self.stdout.write(f"Starter synonyms: {added} added, {len(starter_groups()) - added} already here.")

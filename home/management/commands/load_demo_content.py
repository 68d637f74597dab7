from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from home.demo import load_demo_content


class Command(BaseCommand):
    help = (
        "Create or update the demo clinic site: home page, treatments, clinicians, clinic details "
        "and images. Safe to re-run; a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hostname",
            help=(
                "The host name the demo site is served on, e.g. 127.0.0.1 (canonical links, sitemap, "
                "feed and search results use it). Left out, the site keeps its own (localhost at first)."
            ),
        )
        parser.add_argument(
            "--port",
            type=int,
            help=(
                "The port the demo site is served on, e.g. 8000. "
                "Left out, the site keeps its own (80 at first)."
            ),
        )

    def handle(self, *args, **options):
        try:
            report = load_demo_content(hostname=options["hostname"], port=options["port"])
        except ValidationError as error:
            raise CommandError(f"The demo content is invalid: {error}") from error
        lines = report.detail_lines() if options["verbosity"] > 1 else report.summary_lines()
        self.stdout.write("Demo content loaded:")
        for line in lines:
            self.stdout.write(f"  {line}")

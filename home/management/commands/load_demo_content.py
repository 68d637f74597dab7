from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from home.demo import load_demo_content


class Command(BaseCommand):
    help = (
        "Create or update the demo clinic site: home page, treatments, clinicians, clinic details "
        "and images. Safe to re-run; a second run changes nothing."
    )

    def handle(self, *args, **options):
        try:
            report = load_demo_content()
        except ValidationError as error:
            raise CommandError(f"The demo content is invalid: {error}") from error
        lines = report.detail_lines() if options["verbosity"] > 1 else report.summary_lines()
        self.stdout.write("Demo content loaded:")
        for line in lines:
            self.stdout.write(f"  {line}")

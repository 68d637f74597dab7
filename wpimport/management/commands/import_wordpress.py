"""``manage.py import_wordpress export.xml``: a WordPress export's posts as pages; see docs/import.md."""

import json
import sys
from contextlib import nullcontext
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from wpimport.importer import ImportAborted, Importer
from wpimport.mapping import ConfigError, MappingConfig, load_config
from wpimport.wxr import WxrError, read_export


class DryRunRollback(Exception):
    """Raised at the end of a dry run so everything it wrote is rolled back."""


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts become articles, treatment posts treatment page drafts."

    def add_arguments(self, parser):
        parser.add_argument("export", help="The file from WordPress's Tools > Export.")
        parser.add_argument("--dry-run", action="store_true", help="Do everything, report, then roll back.")
        parser.add_argument("--report", help="Write the full report as JSON to this file.")
        parser.add_argument("--uploads-dir", help="A copy of the site's wp-content/uploads folder.")
        parser.add_argument("--only", help="Comma-separated WordPress post IDs to import.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the published posts that are not medical content (the rest stay drafts).",
        )
        parser.add_argument("--config", help="A mapping.toml with heading rules and treatment categories.")

    def handle(self, *args, **options):
        config = self.config(options["config"])
        if options["uploads_dir"] and not Path(options["uploads_dir"]).is_dir():
            raise CommandError(f"--uploads-dir {options['uploads_dir']} is not a folder.")
        only = self.only(options["only"])
        try:
            export = read_export(options["export"])
        except WxrError as error:
            raise CommandError(str(error)) from None
        importer = Importer(
            export, config, uploads_dir=options["uploads_dir"], publish=options["publish"], only=only
        )
        importer.report.dry_run = options["dry_run"]
        bar = tqdm(total=len(importer.posts), unit="post", file=sys.stderr, disable=None, leave=False)
        # A real run commits each post on its own; a dry run holds them all in one transaction to roll back.
        outer = transaction.atomic() if options["dry_run"] else nullcontext()
        try:
            with outer:
                report = importer.run(progress=lambda: bar.update(1))
                if options["dry_run"]:
                    raise DryRunRollback
        except DryRunRollback:
            for name in importer.created_files:
                default_storage.delete(name)
        except ImportAborted as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()
        self.write_report(report, options["report"])

    def config(self, path):
        if not path:
            return MappingConfig()
        try:
            return load_config(path)
        except ConfigError as error:
            raise CommandError(str(error)) from None

    def only(self, text):
        if not text:
            return None
        try:
            return {int(part) for part in text.split(",") if part.strip()}
        except ValueError:
            raise CommandError("--only takes WordPress post IDs separated by commas, e.g. 12,40.") from None

    def write_report(self, report, path):
        for item in report.items:
            line = f"#{item.wp_id} {item.title}: {item.outcome}"
            if item.page_type:
                line += f" ({item.page_type}, {'live' if item.live else 'draft'})"
            self.stdout.write(line)
            details = [
                *(f"section kept as text: {heading}" for heading in item.unmatched_sections),
                *(f"shortcode dropped: [{name}]" for name in item.unknown_shortcodes),
                *(f"image missing: {name}" for name in item.missing_images),
                *item.notes,
            ]
            for detail in details:
                self.stdout.write(f"    {detail}")
        summary = report.summary()
        outcomes = ", ".join(f"{count} {outcome}" for outcome, count in summary["outcomes"].items())
        prefix = "Dry run, nothing saved: " if report.dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{summary['items']} posts ({outcomes or 'none'}); {summary['published']} published, "
                f"{summary['waiting_for_sign_off']} waiting for sign-off; {summary['redirects']} redirects; "
                f"images: {summary['images_created']} new, {summary['images_reused']} reused, "
                f"{summary['missing_images']} missing; {summary['unmatched_sections']} sections kept as text."
            )
        )
        if path:
            try:
                with open(path, "w", encoding="utf-8") as file:
                    json.dump(report.as_dict(), file, indent=2, ensure_ascii=False)
            except OSError as error:
                raise CommandError(f"Cannot write the report to {path}: {error.strerror or error}.") from None

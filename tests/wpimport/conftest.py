"""Paths to the WordPress export fixtures shared by the import tests."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def export_path():
    return FIXTURES / "clinic-export.xml"


@pytest.fixture
def uploads_dir():
    return FIXTURES / "uploads"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Imported images are written to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def indexes(home_page):
    """The article and treatment indexes imported pages go under."""
    from tests.factories import ArticleIndexPageFactory, TreatmentIndexPageFactory

    return ArticleIndexPageFactory(parent=home_page), TreatmentIndexPageFactory(parent=home_page)


@pytest.fixture
def run_import(indexes, export_path, uploads_dir, tmp_path):
    """Runs the command on the clinic export with its uploads; returns the JSON report."""
    import json

    from django.core.management import call_command

    def run(*args, path=export_path):
        report_path = tmp_path / "report.json"
        call_command(
            "import_wordpress",
            str(path),
            "--uploads-dir",
            str(uploads_dir),
            "--report",
            str(report_path),
            *args,
        )
        return json.loads(report_path.read_text())

    return run

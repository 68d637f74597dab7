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

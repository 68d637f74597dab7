"""The import's cost grows with the number of posts, not faster."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticlePage
from tests.wpimport.generate import write_export
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db


def queries_to_import(path):
    with CaptureQueriesContext(connection) as queries:
        call_command("import_wordpress", str(path), "--publish")
    return len(queries)


def test_queries_per_post_do_not_grow_with_the_export(indexes, tmp_path):
    """40 posts cost about four times the queries of 10: no work is repeated for every earlier post."""
    small = queries_to_import(write_export(tmp_path / "small.xml", 10))
    ArticlePage.objects.all().delete()
    TreatmentPage.objects.all().delete()
    large = queries_to_import(write_export(tmp_path / "large.xml", 40))
    assert ArticlePage.objects.live().count() == 36
    assert TreatmentPage.objects.count() == 4
    assert large / 40 <= small / 10 * 1.3

"""Reading WordPress exports: every WXR version, safely, with a clear error for a bad file."""

import datetime

import pytest

from tests.wpimport.conftest import FIXTURES
from wpimport.wxr import CATEGORY, TAG, Term, WxrError, read_export


def test_reads_site_authors_and_items_of_a_wxr_1_2_export(export_path):
    """The channel's site, its authors by login and every item, attachments and pages included."""
    export = read_export(export_path)
    assert export.version == "1.2"
    assert export.site_title == "Harbour Lane Clinic"
    assert export.base_url == "https://oldclinic.example"
    assert export.authors["dr.okafor"].name == "Dr Amara Okafor"
    posts = [item.post_id for item in export.items if item.post_type == "post"]
    assert posts == [201, 202, 203, 204, 205, 206]
    assert set(export.attachments()) == {101, 102, 103, 104}
    assert [item.post_id for item in export.items if item.post_type == "page"] == [207, 208]


def test_a_post_keeps_its_dates_terms_and_meta(export_path):
    """The GMT dates, categories and tags told apart by domain (even with one name), and postmeta."""
    post = next(item for item in read_export(export_path).items if item.post_id == 201)
    assert post.published == datetime.datetime(2025, 2, 3, 8, 30, tzinfo=datetime.UTC)
    assert post.modified == datetime.datetime(2025, 5, 20, 14, 0, tzinfo=datetime.UTC)
    assert post.terms_of(CATEGORY) == [Term(CATEGORY, "Treatments"), Term(CATEGORY, "Migraine")]
    assert post.terms_of(TAG) == [Term(TAG, "Migraine")]
    assert post.meta["_thumbnail_id"] == "101"
    assert "<h2>How does Botox work for migraines?</h2>" in post.content


def test_a_draft_without_a_gmt_date_uses_its_local_date(export_path):
    """WordPress writes 0000-00-00 as a draft's GMT date; the local date is used instead."""
    draft = next(item for item in read_export(export_path).items if item.post_id == 205)
    assert draft.status == "draft"
    assert draft.published == datetime.datetime(2025, 11, 20, 16, 0, tzinfo=datetime.UTC)


def test_reads_a_wxr_1_0_export_and_its_tag_domain():
    """WXR 1.0 has other namespaces and writes tags as domain="tag"; duplicate terms are read once."""
    export = read_export(FIXTURES / "wxr-1.0.xml")
    (post,) = export.items
    assert post.title == "We Have Moved"
    assert post.terms == [Term(CATEGORY, "News"), Term(TAG, "moving")]


def test_a_malformed_file_gives_a_readable_error():
    """A cut-off export names the problem and the line, not a traceback."""
    with pytest.raises(WxrError, match=r"not well-formed XML .*line 8"):
        read_export(FIXTURES / "malformed.xml")


def test_an_entity_bomb_is_refused():
    """Nested entities that would expand to gigabytes stop the parse with an error."""
    with pytest.raises(WxrError, match="not well-formed"):
        read_export(FIXTURES / "entity-bomb.xml")


def test_an_external_entity_is_never_read(tmp_path):
    """A SYSTEM entity pointing at a local file is left unexpanded: its contents never reach an item."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    path = tmp_path / "export.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY s SYSTEM "file://{secret}">]>'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&s;</title>'
        "<wp:post_id>1</wp:post_id></item></channel></rss>"
    )
    (item,) = read_export(path).items
    assert "TOP-SECRET" not in item.title


def test_xml_that_is_not_an_export_is_refused(tmp_path):
    """An RSS feed or any other XML without WordPress's elements is named as not an export."""
    path = tmp_path / "feed.xml"
    path.write_text("<rss><channel><title>A feed</title></channel></rss>")
    with pytest.raises(WxrError, match="not a WordPress export"):
        read_export(path)


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(WxrError, match="Cannot read"):
        read_export(tmp_path / "nope.xml")

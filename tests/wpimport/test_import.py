"""The import_wordpress command end to end on the clinic export."""

import json
import shutil

import pytest
from django.core.management import CommandError, call_command
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from articles.models import ArticlePage, StaffAuthor
from cms.models import CustomImage
from tests.factories import ClinicianFactory
from tests.wpimport.conftest import FIXTURES
from treatments.models import TreatmentPage
from wpimport.models import ImportedItem

pytestmark = pytest.mark.django_db


def page_for(wp_id):
    """The imported page of WordPress post ``wp_id`` as its latest revision has it."""
    record = ImportedItem.objects.get(wp_id=wp_id)
    return record.page.specific.get_latest_revision_as_object()


def item_report(report, wp_id):
    return next(item for item in report["items"] if item["wp_id"] == wp_id)


def counts():
    return {
        "pages": Page.objects.count(),
        "images": CustomImage.objects.count(),
        "tags": Tag.objects.count(),
        "redirects": Redirect.objects.count(),
        "authors": StaffAuthor.objects.count(),
        "records": ImportedItem.objects.count(),
        "revisions": sum(page.revisions.count() for page in Page.objects.all()),
    }


def test_posts_become_articles_and_a_treatment_draft(run_import):
    """Posts are articles; the post in "Treatments" is a treatment page; WordPress pages are left out."""
    report = run_import()
    assert [item["wp_id"] for item in report["items"]] == [201, 202, 203, 204, 205, 206]
    assert isinstance(page_for(201), TreatmentPage)
    assert all(isinstance(page_for(wp_id), ArticlePage) for wp_id in (202, 203, 204, 205, 206))
    assert page_for(201).title == "Botox for Migraines: How it Works & What to Ask"
    assert page_for(201).summary.startswith("What happens at a Botox session")


def test_article_fields_keep_dates_slug_intro_and_tags(run_import):
    """The original slug and date, the excerpt as intro, categories and tags as tags (one per name)."""
    run_import()
    sleep = page_for(202)
    assert sleep.slug == "sleep-and-headaches"
    assert str(sleep.date) == "2024-11-14"
    assert sleep.first_published_at.isoformat() == "2024-11-14T07:00:00+00:00"
    assert sorted(tag.name for tag in sleep.tags.all()) == ["Clinic news", "Migraine", "Sleep"]
    assert Tag.objects.filter(name__iexact="migraine").count() == 1
    assert page_for(203).intro == "The waiting room has been rebuilt."
    # No excerpt: the first words of the post.
    assert page_for(202).intro.startswith("Poor sleep and headaches often travel together.")


def test_authors_are_matched_by_name_or_created(run_import):
    """A clinician of the same name is the author; an unknown name becomes a staff author, once."""
    clinician = ClinicianFactory(name="Dr Amara Okafor")
    run_import()
    assert page_for(203).clinician_author == clinician
    assert page_for(202).staff_author.name == "Rosa Hale"
    assert StaffAuthor.objects.filter(name="Rosa Hale").count() == 1


def test_featured_image_is_the_hero_with_its_alt_text(run_import):
    run_import()
    hero = page_for(201).hero_image
    assert hero.description == "A clinician marking points on a patient's forehead"


def test_images_are_deduplicated_by_file_and_missing_files_reported(run_import):
    """Two attachments with the same file make one image; a file not in the uploads is reported, not fatal."""
    report = run_import()
    assert CustomImage.objects.count() == 2
    assert report["summary"]["images_reused"] == 1
    assert item_report(report, 202)["missing_images"] == ["2024/05/team-photo.jpg"]
    assert item_report(report, 202)["outcome"] == "created"
    assert item_report(report, 203)["missing_images"] == ["attachment 999 (not in the export)"]


def test_inline_images_and_captions_become_image_blocks(run_import):
    run_import()
    blocks = [(block.block_type, block.value) for block in page_for(203).body]
    (image,) = [value for kind, value in blocks if kind == "image"]
    assert image["caption"] == "The new seating area"
    assert image["image"].description == "The clinic's waiting room"


def test_treatment_sections_are_typed_blocks(run_import):
    """The issue's example post: how it works, how often, candidacy and risks; the rest kept as text."""
    run_import()
    body = page_for(201).body
    assert [block.block_type for block in body] == [
        "rich_text", "how_it_works", "frequency", "candidacy", "risks", "rich_text", "image",
    ]  # fmt: skip
    assert body[2].value["interval_min"] == 12
    assert body[2].value["interval_unit"] == "weeks"
    assert "<h2>Is it right for you?</h2>" in body[5].value.source


def test_yoast_fields_on_the_promote_tab(run_import):
    run_import()
    botox, sleep, waiting_room = page_for(201), page_for(202), page_for(203)
    assert botox.seo_title == "Botox for Migraines: How it Works & What to Ask \u2013 Harbour Lane Clinic"
    assert botox.search_description.startswith("How Botox injections for chronic migraine work")
    assert sleep.seo_title == "Sleep and headaches \u2013 Harbour Lane Clinic"
    assert sleep.canonical_url == "https://partner.example/sleep-guide/"
    assert waiting_room.no_index is True
    assert sleep.no_index is False


def test_hostile_payload_is_sanitised(run_import):
    """Nothing executable from the hostile post reaches its title, intro or body."""
    report = run_import()
    page = page_for(204)
    saved = f"{page.title} {page.intro} {page.body.raw_data}"
    forbidden_parts = ["<script", "alert", "onclick", "onmouseover", "onerror", "javascript:", "iframe"]
    forbidden_parts += ["<form", "style", "evil.example", "document.cookie"]
    for forbidden in forbidden_parts:
        assert forbidden not in saved
    assert "<b>Closed</b> on bank holidays." in saved
    assert item_report(report, 204)["outcome"] == "created"


def test_shortcodes_never_printed_raw(run_import):
    report = run_import()
    raw = str(page_for(203).body.raw_data)
    assert "[" not in raw.replace("[{", "").replace("}]", "").replace("[]", "")
    assert '<a href="https://video.example/watch/tour">' in raw
    assert item_report(report, 203)["unknown_shortcodes"] == ["contact-form-7"]


def test_links_between_imported_posts_point_at_the_new_pages(run_import):
    """Both directions, although one of the two pages did not exist yet when the other was imported."""
    run_import()
    botox, sleep = page_for(201), page_for(202)
    assert f'<a id="{sleep.pk}" linktype="page">' in str(botox.body.raw_data)
    assert f'<a id="{botox.pk}" linktype="page">' in str(sleep.body.raw_data)


def test_everything_is_a_draft_without_publish(run_import):
    run_import()
    assert not Page.objects.type(ArticlePage, TreatmentPage).live().exists()


def test_publish_puts_only_public_non_medical_articles_live(run_import):
    """Treatments wait for sign-off; drafts and private posts stay drafts; the rest go live."""
    ClinicianFactory(name="Dr Amara Okafor")
    report = run_import("--publish")
    live = {item["wp_id"] for item in report["items"] if item["live"]}
    assert live == {202, 203, 204}
    assert item_report(report, 201)["waiting_for_sign_off"] is True
    assert not TreatmentPage.objects.live().exists()
    assert (
        not ArticlePage.objects.filter(title__in=["Draft: Winter Skin Care", "Staff Rota Notes"])
        .live()
        .exists()
    )
    sleep = ArticlePage.objects.get(slug="sleep-and-headaches")
    assert sleep.first_published_at.isoformat() == "2024-11-14T07:00:00+00:00"
    assert sleep.last_published_at.isoformat() == "2024-12-01T10:00:00+00:00"


def test_medical_categories_keep_articles_waiting_for_sign_off(run_import, tmp_path):
    """An article marked medical content by the config is not published, and the report says why."""
    config = tmp_path / "mapping.toml"
    config.write_text('medical_categories = ["Clinic news"]\n')
    report = run_import("--publish", "--config", str(config))
    assert not ArticlePage.objects.live().exists()
    assert item_report(report, 202)["waiting_for_sign_off"] is True
    assert page_for(202).medical_content is True


def test_redirects_from_old_urls_resolve_to_the_new_page(run_import, client):
    """The old permalink answers with a permanent redirect to the new page, through the site."""
    run_import("--publish")
    page = ArticlePage.objects.get(slug="sleep-and-headaches")
    response = client.get("/2024/11/sleep-and-headaches/")
    assert response.status_code == 301
    assert response["Location"].endswith(page.url)
    assert client.get(response["Location"]).status_code == 200
    assert Redirect.objects.filter(old_path="/?p=202", redirect_page=page, is_permanent=True).exists()


def test_existing_redirects_are_kept_and_conflicts_reported(run_import, home_page):
    """A redirect someone already made from an old path is neither changed nor duplicated."""
    Redirect.objects.create(
        old_path="/2024/11/sleep-and-headaches", redirect_link="https://elsewhere.example/"
    )
    report = run_import()
    existing = Redirect.objects.get(old_path="/2024/11/sleep-and-headaches")
    assert existing.redirect_link == "https://elsewhere.example/"
    assert Redirect.objects.filter(old_path="/2024/11/sleep-and-headaches").count() == 1
    assert any("already exists" in note for note in item_report(report, 202)["notes"])


def test_a_second_run_changes_nothing(run_import):
    """Unchanged items are skipped: no new pages, images, tags, redirects, authors or revisions."""
    run_import("--publish")
    before = counts()
    report = run_import("--publish")
    assert counts() == before
    assert report["summary"]["outcomes"] == {"unchanged": 6}


def changed_export(tmp_path, old, new):
    path = tmp_path / "changed.xml"
    text = (FIXTURES / "clinic-export.xml").read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return path


def test_a_changed_post_is_updated_with_a_new_revision(run_import, tmp_path):
    run_import()
    path = changed_export(tmp_path, "Thanks to everyone for their patience.", "Thank you for waiting.")
    report = run_import(path=path)
    assert item_report(report, 203)["outcome"] == "updated"
    assert "Thank you for waiting." in str(page_for(203).body.raw_data)
    assert ArticlePage.objects.filter(slug__startswith="new-waiting-room").count() == 1


def test_a_page_an_editor_changed_is_never_overwritten(run_import, tmp_path):
    """After an editor saves the page, a changed post is reported and the editor's version stays."""
    run_import()
    page = ImportedItem.objects.get(wp_id=203).page.specific
    page.title = "Our waiting room, as the editor wrote it"
    page.save_revision()
    path = changed_export(tmp_path, "Thanks to everyone for their patience.", "Thank you for waiting.")
    report = run_import(path=path)
    assert item_report(report, 203)["outcome"] == "edited since import"
    latest = page_for(203)
    assert latest.title == "Our waiting room, as the editor wrote it"
    assert "Thank you for waiting." not in str(latest.body.raw_data)


def test_an_editors_change_alone_is_not_reported_as_a_conflict(run_import):
    """A post unchanged in WordPress is simply unchanged, whatever editors did to its page since."""
    run_import()
    page = ImportedItem.objects.get(wp_id=203).page.specific
    page.save_revision()
    report = run_import()
    assert item_report(report, 203)["outcome"] == "unchanged"


def test_a_link_to_a_post_not_imported_stays_as_it_was(run_import):
    """With --only, a link to a post left out keeps its old address, and the page gets one revision."""
    run_import("--only", "201")
    botox = ImportedItem.objects.get(wp_id=201).page
    assert botox.revisions.count() == 1
    assert 'href="https://oldclinic.example/2024/11/sleep-and-headaches/"' in str(page_for(201).body.raw_data)


def test_dry_run_leaves_the_database_and_media_unchanged_with_the_same_report(run_import, media_root):
    """The dry run does everything, reports it as the real run does, and rolls it all back."""
    before = counts()
    dry = run_import("--dry-run")
    assert counts() == before
    assert not [path for path in media_root.rglob("*") if path.is_file()]
    real = run_import()
    assert dry["dry_run"] is True
    assert dry["summary"] == real["summary"]
    strip = ("page_id", "url_path")
    assert [{k: v for k, v in item.items() if k not in strip} for item in dry["items"]] == [
        {k: v for k, v in item.items() if k not in strip} for item in real["items"]
    ]


def test_imported_pages_pass_the_validation_of_hand_made_ones(run_import):
    """Drafts pass the admin's draft validation; published pages its full validation."""
    ClinicianFactory(name="Dr Amara Okafor")
    run_import("--publish")
    for record in ImportedItem.objects.filter(kind="post"):
        page = record.page.specific.get_latest_revision_as_object()
        page.full_clean()
        block = page.body.stream_block
        block.clean(page.body) if record.page.live else block.clean_deferred(page.body)


def test_a_wordpress_page_named_in_the_config_becomes_a_treatment_draft(run_import, tmp_path):
    """WordPress pages are left out unless the mapping names one as a treatment."""
    config = tmp_path / "mapping.toml"
    config.write_text("treatment_posts = [208]\n")
    report = run_import("--publish", "--config", str(config))
    assert item_report(report, 208)["outcome"] == "created"
    page = page_for(208)
    assert isinstance(page, TreatmentPage)
    assert not page.live
    assert [block.block_type for block in page.body] == ["how_it_works", "risks"]
    assert not ImportedItem.objects.filter(wp_id=207).exists()


def test_a_post_that_fails_leaves_nothing_and_the_rest_import(run_import, monkeypatch):
    """One post's failure is a line in the report; it saves nothing, and the other posts still import."""
    from wpimport.importer import Importer

    set_tags = Importer.set_tags

    def failing(self, page, item):
        if item.post_id == 203:
            raise ValueError("tag names too long")
        set_tags(self, page, item)

    monkeypatch.setattr(Importer, "set_tags", failing)
    report = run_import()
    assert item_report(report, 203)["outcome"] == "failed"
    assert "tag names too long" in item_report(report, 203)["notes"][-1]
    assert not ImportedItem.objects.filter(wp_id=203).exists()
    assert not ArticlePage.objects.filter(slug="new-waiting-room").exists()
    assert not Redirect.objects.filter(old_path="/2023/06/new-waiting-room").exists()
    assert report["summary"]["outcomes"] == {"created": 5, "failed": 1}


def test_only_imports_the_named_posts(run_import):
    report = run_import("--only", "203,204")
    assert [item["wp_id"] for item in report["items"]] == [203, 204]


def test_wxr_1_0_export_imports(indexes, uploads_dir):
    call_command("import_wordpress", str(FIXTURES / "wxr-1.0.xml"))
    page = ArticlePage.objects.get(slug="we-have-moved")
    assert sorted(tag.name for tag in page.tags.all()) == ["News", "moving"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([str(FIXTURES / "malformed.xml")], "not well-formed XML"),
        ([str(FIXTURES / "entity-bomb.xml")], "not well-formed XML"),
        ([str(FIXTURES / "clinic-export.xml"), "--only", "12,x"], "--only takes WordPress post IDs"),
        ([str(FIXTURES / "clinic-export.xml"), "--config", "/nonexistent.toml"], "Cannot read"),
        ([str(FIXTURES / "clinic-export.xml"), "--uploads-dir", "/nonexistent"], "is not a folder"),
    ],
)
def test_bad_input_is_a_command_error(indexes, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_wordpress", *args)


def test_without_indexes_it_says_what_to_create(home_page):
    with pytest.raises(CommandError, match="Create an article index and a treatment index page first"):
        call_command("import_wordpress", str(FIXTURES / "clinic-export.xml"))


def test_an_attachment_that_is_not_an_image_is_reported(run_import, tmp_path, uploads_dir):
    """A file Pillow cannot read (here text named .png) is reported as missing, not imported."""
    copy = tmp_path / "uploads"
    shutil.copytree(uploads_dir, copy)
    (copy / "2025/01/forehead.png").write_text("not a picture")
    report_path = tmp_path / "r.json"
    call_command(
        "import_wordpress", str(FIXTURES / "clinic-export.xml"), "--uploads-dir", str(copy),
        "--report", str(report_path),
    )  # fmt: skip
    report = json.loads(report_path.read_text())
    assert item_report(report, 201)["missing_images"] == [
        "2025/01/forehead.png (not an image this site can show)"
    ]
    assert page_for(201).hero_image is None


def test_an_empty_post_is_a_draft_and_never_published_empty(run_import, tmp_path):
    """An empty post imports as a draft for an editor to fill; --publish reports it rather than publish it."""
    start = "We have rebuilt the waiting room."
    text = (FIXTURES / "clinic-export.xml").read_text()
    content = text[text.index(start) : text.index("Thanks to everyone for their patience.") + 38]
    path = changed_export(tmp_path, content, "")
    report = run_import(path=path)
    assert item_report(report, 203)["outcome"] == "created"
    assert not page_for(203).live
    ArticlePage.objects.all().delete()
    ImportedItem.objects.all().delete()
    report = run_import("--publish", path=path)
    assert item_report(report, 203)["outcome"] == "failed"
    assert "required" in item_report(report, 203)["notes"][-1]
    assert item_report(report, 202)["live"] is True


def test_uploads_outside_the_folder_are_not_read(run_import, tmp_path):
    """An attachment path climbing out of --uploads-dir (../) is treated as missing."""
    path = changed_export(tmp_path, "2025/01/forehead.png]]", "../../../../etc/passwd]]")
    shutil.copy(FIXTURES / "clinic-export.xml", tmp_path / "unused.xml")
    report = run_import(path=path)
    assert "../../../../etc/passwd" in item_report(report, 201)["missing_images"]

"""``manage.py load_demo_content``: a complete, valid clinic site, and nothing changes on a second run."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from taggit.models import Tag, TaggedItem
from wagtail.models import Page, Revision, Site

from articles.models import ArticleIndexPage
from cms.models import Clinician, ClinicSettings, CustomImage, Rendition
from cms.seo import build_report
from home.demo.images import IMAGES, render
from home.demo.loading import Report, save_page
from home.models import HomeFeaturedTreatment, HomePage
from treatments.models import Condition, TreatmentIndexPage, TreatmentPage, TreatmentPageTag

STRUCTURED_BLOCKS = ["how_it_works", "frequency", "candidacy", "risks", "faq"]
COUNTED_MODELS = [
    Page,
    Revision,
    CustomImage,
    Rendition,
    Clinician,
    Condition,
    Tag,
    TaggedItem,
    TreatmentPageTag,
    HomeFeaturedTreatment,
    ClinicSettings,
    Site,
]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def load():
    """Run the command; return what it printed."""
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db, media_root):
    return load()


def snapshot(media_root):
    """Row counts, the newest revision and the files on disk (with their sizes)."""
    return {
        "counts": {model.__name__: model.objects.count() for model in COUNTED_MODELS},
        "latest revision": Revision.objects.order_by("-pk").values_list("pk", flat=True).first(),
        "files": sorted((str(path), path.stat().st_size) for path in media_root.rglob("*") if path.is_file()),
    }


def botox_page():
    return TreatmentPage.objects.get(slug="botox-for-chronic-migraine")


def test_second_run_changes_nothing(demo, media_root):
    """Re-running creates no pages, revisions, images, files, snippets, tags or settings, and says so."""
    before = snapshot(media_root)

    output = load()

    assert snapshot(media_root) == before
    assert "created" not in output
    assert "updated" not in output
    assert "treatment pages: 5 unchanged" in output


def test_first_run_reports_what_it_created(demo):
    """The summary names each kind of content with what happened to it."""
    assert "treatment pages: 5 created" in demo
    assert "clinicians: 2 created" in demo
    assert "images: 9 created" in demo


def test_home_page_replaces_wagtail_welcome_page_as_default_site_root(demo):
    """Wagtail's stock welcome page is gone and the clinic's home page serves the default site."""
    site = Site.objects.get(is_default_site=True)

    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.live
    assert Page.objects.filter(depth=2).count() == 1


def test_botox_page_has_every_structured_block(demo):
    """'Botox for chronic migraine' is live with every section, a 3 to 6 month interval and several FAQs."""
    page = botox_page()
    block_types = [block.block_type for block in page.body]
    frequency = page.first_block("frequency")

    assert page.live
    assert set(STRUCTURED_BLOCKS + ["callout", "cta", "image", "rich_text"]) <= set(block_types)
    assert (frequency["interval_min"], frequency["interval_max"], frequency["interval_unit"]) == (
        3,
        6,
        "months",
    )
    assert len(page.faq_items()) >= 3
    assert "15 or more headache days a month" in " ".join(page.first_block("candidacy")["suitable_for"])
    assert {"Forehead", "Temples", "Neck"} <= set(page.first_block("how_it_works")["treatment_areas"])
    assert {"ask-provider", "disclaimer"} <= {b.value["kind"] for b in page.body if b.block_type == "callout"}


def test_every_treatment_is_complete_reviewed_and_valid(demo):
    """Each treatment passes model and block validation, has every section, conditions, tags and a review."""
    today = timezone.localdate()
    treatments = TreatmentPage.objects.live()

    for page in treatments:
        page.full_clean()
        page.body.stream_block.clean(page.body)
        assert set(STRUCTURED_BLOCKS) <= {block.block_type for block in page.body}, page.title
        assert page.conditions.exists() and page.tags.exists(), page.title
        assert page.hero_image and page.reviewed_by.photo, page.title
        assert page.last_reviewed < today < page.next_review_due, page.title
    assert treatments.count() >= 4
    assert len({page.category for page in treatments}) >= 2
    assert Condition.objects.filter(treatments__in=treatments).distinct().count() >= 4


def test_clinic_details_clinicians_and_featured_treatments(demo):
    """Clinic details belong to the default site, both clinicians have photos, four treatments featured."""
    site = Site.objects.get(is_default_site=True)
    details = ClinicSettings.for_site(site)
    home = site.root_page.specific

    assert details.name and details.phone and details.email and details.booking_url
    assert details.address_lines and len(details.opening_hours) >= 1
    assert Clinician.objects.filter(photo__isnull=False).count() == 2
    assert len(home.featured()) == 4
    assert TreatmentIndexPage.objects.child_of(home).live().exists()


def test_images_are_deterministic_sized_and_described(demo, media_root):
    """Each image has alt text and its intended size, and its file matches a fresh drawing byte for byte."""
    for spec in IMAGES.values():
        image = CustomImage.objects.get(title=spec.title)
        with image.open_file() as stored:
            assert stored.read() == render(spec), spec.key
        assert image.description == spec.alt_text
        assert (image.width, image.height) == spec.size
        assert Image.open(image.file.path).format == "JPEG"


def test_edited_page_is_restored_with_one_new_revision(demo):
    """A demo page an editor changed is put back by one new published revision; the others stay untouched."""
    page = botox_page()
    original_summary = page.summary
    page.summary = "Edited by someone."
    page.save_revision().publish()
    revisions = Revision.objects.count()

    output = load()

    assert botox_page().summary == original_summary
    assert Revision.objects.count() == revisions + 1
    assert "treatment pages: 1 updated, 4 unchanged" in output


def test_lapsed_review_dates_are_refreshed(demo):
    """A page whose review has fallen due gets a recent review date again on the next run."""
    today = timezone.localdate()
    TreatmentPage.objects.filter(pk=botox_page().pk).update(
        last_reviewed=today - timezone.timedelta(days=400), next_review_due=today - timezone.timedelta(days=5)
    )

    load()

    assert botox_page().last_reviewed < today < botox_page().next_review_due


def test_invalid_block_data_is_rejected_before_saving(demo):
    """Demo data that would fail the admin's block validation raises and creates no page."""
    index = TreatmentIndexPage.objects.get()
    body = [block for block in botox_page().body.raw_data if block["type"] != "frequency"]
    body.append({"type": "frequency", "value": {**botox_page().first_block("frequency"), "interval_min": 9}})
    values = {"title": "Broken", "summary": "Broken.", "body": body}

    with pytest.raises(ValidationError):
        save_page(TreatmentPage, index, "broken", values, Report())

    assert not TreatmentPage.objects.filter(slug="broken").exists()


def test_every_demo_page_renders(demo, client):
    """The home page, the treatment index and every treatment page answer 200."""
    home = Site.objects.get(is_default_site=True).root_page

    for page in Page.objects.descendant_of(home, inclusive=True).live():
        response = client.get(page.url)
        assert response.status_code == 200, page.url


def test_demo_site_gives_a_clean_seo_report(demo):
    """The demo shows SEO staff an empty report: no title, description, alt text or review problems."""
    problems = {section.key: [p.label for p in section.problems] for section in build_report()}
    assert problems == {key: [] for key in problems}


def test_header_nav_and_home_page_link_to_both_indexes(demo, client):
    """The header nav links to Treatments, then Articles, on every page;
    the home page links to all treatments."""
    treatments = TreatmentIndexPage.objects.get()
    articles = ArticleIndexPage.objects.get()

    for url in ["/", botox_page().url]:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        nav = [(a.get_text(strip=True), a["href"]) for a in soup.select(".primary-nav__link")]
        assert nav == [("Treatments", treatments.url), ("Articles", articles.url)], url
    home = BeautifulSoup(client.get("/").content, "html.parser")
    assert home.main.find("a", string="All treatments")["href"] == treatments.url


def test_rerun_puts_the_treatment_index_back_in_the_menu(demo):
    """A site loaded before the treatment index was in menus gets it back with one new revision,
    and the run after changes nothing."""
    index = TreatmentIndexPage.objects.get()
    index.show_in_menus = False
    index.save_revision().publish()
    revisions = Revision.objects.count()

    output = load()

    assert TreatmentIndexPage.objects.get().show_in_menus
    assert Revision.objects.count() == revisions + 1
    assert "treatment index pages: 1 updated" in output
    assert "updated" not in load()

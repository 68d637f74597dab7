"""``manage.py load_demo_content``: a complete, valid clinic site, and nothing changes on a second run."""

import shutil
import subprocess
from io import StringIO
from pathlib import Path

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
from tests.factories import publish_signed_off
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


def load(**options):
    """Run the command; return what it printed."""
    out = StringIO()
    call_command("load_demo_content", stdout=out, **options)
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
    publish_signed_off(page)
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
    """The header nav links to Treatments, then Articles, then the team, on every page;
    the home page links to all treatments."""
    treatments = TreatmentIndexPage.objects.get()
    articles = ArticleIndexPage.objects.get()

    for url in ["/", botox_page().url]:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        nav = [(a.get_text(strip=True), a["href"]) for a in soup.select(".primary-nav__link")]
        assert nav == [("Treatments", treatments.url), ("Articles", articles.url), ("Our team", "/team/")], (
            url
        )
    home = BeautifulSoup(client.get("/").content, "html.parser")
    assert home.main.find("a", string="All treatments")["href"] == treatments.url


def test_rerun_puts_the_treatment_index_back_in_the_menu(demo):
    """A site loaded before the treatment index was in menus gets it back with one new revision,
    and the run after changes nothing."""
    index = TreatmentIndexPage.objects.get()
    index.show_in_menus = False
    publish_signed_off(index)
    revisions = Revision.objects.count()

    output = load()

    assert TreatmentIndexPage.objects.get().show_in_menus
    assert Revision.objects.count() == revisions + 1
    assert "treatment index pages: 1 updated" in output
    assert "updated" not in load()


def test_default_site_keeps_localhost_without_an_address(demo):
    """Without --hostname and --port (tests, benchmarks) the demo site is localhost:80, as before."""
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)


def test_site_is_given_the_address_it_is_served_on(demo, client):
    """--hostname and --port (make run passes runserver's) become the site's address, so canonical
    links and the sitemap point where the site is served; the same address again changes nothing."""
    output = load(hostname="127.0.0.1", port=8000)
    site = Site.objects.get(is_default_site=True)

    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8000, "http://127.0.0.1:8000")
    assert "sites: 1 updated" in output
    response = client.get("/", HTTP_HOST="127.0.0.1:8000")
    canonical = BeautifulSoup(response.content, "html.parser").find("link", rel="canonical")["href"]
    assert canonical == "http://127.0.0.1:8000/"
    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert "<loc>http://127.0.0.1:8000/treatments/</loc>" in sitemap
    assert "http://localhost/" not in sitemap

    again = load(hostname="127.0.0.1", port=8000)
    assert "created" not in again and "updated" not in again
    load()  # without an address: the site keeps the one it has
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8000"


def test_make_run_passes_runserver_address_to_the_demo_site():
    """`make run` gives load_demo_content the host and port runserver listens on;
    listening on every interface (0.0.0.0), the site is addressed as localhost."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    root = Path(__file__).resolve().parents[2]

    def commands(*variables):
        # -n prints the commands without running them; -o skips the install step.
        result = subprocess.run(  # noqa: S603 (the installed make, our own Makefile, printing only)
            [make, "-n", "-o", ".venv/.installed", "run", *variables],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    default = commands()
    assert "manage.py load_demo_content --hostname 127.0.0.1 --port 8000" in default
    assert "manage.py runserver 127.0.0.1:8000" in default
    everywhere = commands("HOST=0.0.0.0", "PORT=9000")
    assert "manage.py load_demo_content --hostname localhost --port 9000" in everywhere
    assert "manage.py runserver 0.0.0.0:9000" in everywhere

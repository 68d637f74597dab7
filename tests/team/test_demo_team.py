"""The demo clinic's team page: made by ``load_demo_content``, with a profile for each clinician."""

import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from cms.models import Clinician
from team.models import TeamPage


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo_content", stdout=StringIO())


def test_demo_team_page_profiles_each_clinician_with_a_valid_registration(demo, client):
    """At /team/, in the menu; each clinician's profile names their GMC registration and
    the treatments they reviewed, and prints a Physician."""
    team = TeamPage.objects.get()
    assert (team.url, team.show_in_menus, team.live) == ("/team/", True, True)
    for clinician in Clinician.objects.all():
        clinician.full_clean()
        assert clinician.registration.startswith("GMC ")
        soup = BeautifulSoup(client.get(f"/team/{clinician.slug}/").content, "html.parser")
        assert clinician.registration in soup.main.get_text()
        scripts = [
            json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")
        ]
        assert any("Physician" in document.get("@type", []) for document in scripts)
    marsh = BeautifulSoup(client.get("/team/eleanor-marsh/").content, "html.parser")
    assert "Botox for chronic migraine" in marsh.select_one("#reviewed-heading + ul").get_text()

"""Static files in production: collected with hashed names, pre-compressed, cached for good."""

import json

import pytest

from tests.cms.production import run_manage_py


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """STATIC_ROOT after ``collectstatic`` under production settings."""
    static_root = tmp_path_factory.mktemp("static")
    result = run_manage_py("collectstatic", "--noinput", DJANGO_STATIC_ROOT=str(static_root))
    assert result.returncode == 0, result.stderr
    return static_root


@pytest.fixture(scope="module")
def site_css(collected):
    """The hashed name of the site's stylesheet, from the manifest."""
    manifest = json.loads((collected / "staticfiles.json").read_text())
    return manifest["paths"]["css/site.css"]


def test_collectstatic_writes_hashed_and_compressed_files(collected, site_css):
    """The stylesheet gets a content hash in its name and gzip and Brotli copies."""
    assert site_css != "css/site.css"
    for suffix in ("", ".gz", ".br"):
        assert (collected / f"{site_css}{suffix}").is_file()


@pytest.fixture
def production_static(settings, collected):
    """This process serving the collected files the way production does."""
    settings.STATIC_ROOT = collected
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.DEBUG = False
    settings.WHITENOISE_AUTOREFRESH = False


def test_hashed_files_are_cached_for_good(client, production_static, site_css):
    """A hashed file can never change, so browsers may keep it for ten years without asking."""
    response = client.get(f"/static/{site_css}")
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    assert "max-age=315360000" in cache_control


def test_compressed_copy_is_served_to_browsers_that_accept_it(client, production_static, site_css):
    """Browsers that accept Brotli get the smaller file."""
    response = client.get(f"/static/{site_css}", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "br"

"""The project's basic wiring."""

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.images import get_image_model


def test_custom_user_and_image_models_are_in_use():
    """Both swappable models are ours from the first migration."""
    assert settings.AUTH_USER_MODEL == "cms.User"
    assert get_user_model()._meta.label == "cms.User"
    assert get_image_model()._meta.label == "cms.CustomImage"

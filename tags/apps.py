from django.apps import AppConfig
from django.db.models.signals import pre_save


class TagsConfig(AppConfig):
    """What belongs to every tagged model: tag housekeeping and the tag admin (no models of its own)."""

    name = "tags"

    def ready(self):
        from taggit.models import Tag

        from .housekeeping import ensure_slug

        pre_save.connect(ensure_slug, sender=Tag, dispatch_uid="tags.housekeeping.ensure_slug")

from django.apps import AppConfig
from django.db.models.signals import pre_save


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from taggit.models import Tag

        from .tags import ensure_slug

        pre_save.connect(ensure_slug, sender=Tag, dispatch_uid="articles.tags.ensure_slug")

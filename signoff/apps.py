from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignoffConfig(AppConfig):
    name = "signoff"
    verbose_name = _("Medical sign-off")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from signoff import signals  # noqa: F401 (keeps medical pages from being created live)

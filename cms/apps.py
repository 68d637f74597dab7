from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Clinic site"

    def ready(self):
        from cms import signals  # noqa: F401  (connects the page-cache purge receivers)
        from cms.stream_forms import use_safe_stream_form_fields

        use_safe_stream_form_fields()

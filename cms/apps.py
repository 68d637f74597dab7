from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Clinic site"

    def ready(self):
        from django.core import checks
        from django.core.signals import request_started
        from wagtail.permissions import register_permission_policy

        from cms import signals  # noqa: F401  (connects the page-cache purge receivers)
        from cms.checks import check_mail_settings
        from cms.compare import register_content_comparisons
        from cms.image_permissions import ImagePermissionPolicy
        from cms.mail import start_noting_mail_failures
        from cms.models import CustomImage
        from cms.stream_forms import use_safe_stream_form_fields

        use_safe_stream_form_fields()
        register_content_comparisons()
        checks.register(check_mail_settings, "mail", deploy=True)
        request_started.connect(
            start_noting_mail_failures, dispatch_uid="cms.mail.start_noting_mail_failures"
        )
        # Exact-class registration wins over the one Wagtail's images app makes for the image model.
        register_permission_policy(
            CustomImage,
            ImagePermissionPolicy(
                CustomImage, auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
            ),
            exact_class=True,
        )

"""Site-wide models shared by every app."""

from .clinic import ClinicSettings
from .clinicians import Clinician, StaffProfile
from .generation import ContentGeneration
from .images import CustomImage, Rendition, optional_image
from .mixins import PublishRequirementsMixin, SeoMixin
from .seo_publishing import SeoPublishingPermission
from .seo_report import SeoReportPermission
from .stored_parts import StoredPart
from .users import User

__all__ = [
    "ClinicSettings",
    "Clinician",
    "ContentGeneration",
    "CustomImage",
    "PublishRequirementsMixin",
    "Rendition",
    "SeoMixin",
    "SeoPublishingPermission",
    "SeoReportPermission",
    "StaffProfile",
    "StoredPart",
    "User",
    "optional_image",
]

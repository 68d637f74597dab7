"""Site-wide models shared by every app."""

from .clinic import ClinicSettings
from .clinicians import Clinician, StaffProfile
from .images import CustomImage, Rendition, optional_image
from .mixins import MedicalReviewMixin, PublishRequirementsMixin, SeoMixin
from .users import User

__all__ = [
    "ClinicSettings",
    "Clinician",
    "CustomImage",
    "MedicalReviewMixin",
    "PublishRequirementsMixin",
    "Rendition",
    "SeoMixin",
    "StaffProfile",
    "User",
    "optional_image",
]

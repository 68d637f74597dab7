"""Site-wide models shared by every app."""

from .clinic import ClinicSettings
from .clinicians import Clinician, StaffProfile
from .images import CustomImage, Rendition, optional_image
from .mixins import MedicalReviewMixin, SeoMixin
from .users import User

__all__ = [
    "ClinicSettings",
    "Clinician",
    "CustomImage",
    "MedicalReviewMixin",
    "Rendition",
    "SeoMixin",
    "StaffProfile",
    "User",
    "optional_image",
]

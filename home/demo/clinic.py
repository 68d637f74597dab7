"""The demo clinic: its details, its clinicians, and the home page at the root of the default site."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from cms.models import Clinician, ClinicSettings
from home.models import HomeFeaturedTreatment, HomePage
from treatments.models import TreatmentPage

from .images import demo_image
from .loading import REMOVED, save_object, save_page

CLINIC = {
    "name": "Elmfield Clinic",
    "phone": "020 7946 0321",
    "email": "hello@elmfield-clinic.example",
    "street_address": "14 Elmfield Row",
    "locality": "London",
    "region": "",
    "postal_code": "N1 7EF",
    "country": "GB",
    "booking_url": "https://booking.example.com/elmfield-clinic",
    "opening_hours": [
        {
            "type": "hours",
            "value": {
                "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
                "opens": "09:00",
                "closes": "18:00",
            },
        },
        {"type": "hours", "value": {"days": ["Saturday"], "opens": "10:00", "closes": "14:00"}},
    ],
}

# Registration numbers are made up for the demo, in the GMC's form (7 digits); the profiles
# link to the register's search page, not to anyone's entry.
CLINICIANS = [
    {
        "name": "Dr Eleanor Marsh",
        "credentials": "MBBS, MRCP (Neurology)",
        "role": "Consultant neurologist",
        "photo": "portrait-eleanor-marsh",
        "slug": "eleanor-marsh",
        "registration_body": "GMC",
        "registration_number": "0712345",
        "specialties": "Neurology\nHeadache and migraine",
        "qualifications": "MBBS, University of London\nMRCP (Neurology), Royal College of Physicians",
        "bio": (
            "Eleanor leads the clinic's headache service. She sees people with long-standing migraine "
            "and works with their GP on a plan that suits them."
        ),
    },
    {
        "name": "Dr Samuel Okoye",
        "credentials": "MBChB, MRCGP",
        "role": "Aesthetic and skin doctor",
        "photo": "portrait-samuel-okoye",
        "slug": "samuel-okoye",
        "registration_body": "GMC",
        "registration_number": "0734567",
        "specialties": "Dermatology\nAesthetic medicine",
        "qualifications": "MBChB, University of Manchester\nMRCGP, Royal College of General Practitioners",
        "bio": (
            "Samuel looks after the clinic's skin and aesthetic treatments. He spends time at each "
            "consultation on what a treatment can and cannot do, so that expectations are realistic."
        ),
    },
]

HOME_SLUG = "home"
HOME = {
    "title": "Elmfield Clinic",
    "seo_title": "Elmfield Clinic: migraine, sweating and skin care in London",
    "search_description": (
        "A small London clinic offering Botox for chronic migraine and excessive sweating, "
        "anti-wrinkle injections and skin treatments, each page checked by a doctor."
    ),
    "hero_heading": "Unhurried care for migraine, sweating and skin",
    "hero_text": (
        "Our doctors take the time to understand your history and talk through every option, "
        "including whether a treatment is right for you at all."
    ),
    "hero_image": "home-hero",
    "featured_heading": "Our treatments",
}

# Slugs of the treatments shown on the home page, in order (see treatments.py).
FEATURED_TREATMENTS = [
    "botox-for-chronic-migraine",
    "botox-for-excessive-sweating",
    "anti-wrinkle-injections",
    "chemical-peel",
]

# The page Wagtail's own migrations create; replaced by the clinic's home page.
STOCK_WELCOME_SLUG = "home"


def load_clinic(report):
    """Clinicians, the home page (as the default site's root) and the clinic's details."""
    for clinician in CLINICIANS:
        values = {**clinician, "photo": demo_image(clinician["photo"])}
        save_object(Clinician, {"name": clinician["name"]}, values, report)
    home = load_home_page(report)
    site = point_default_site_at(home, report)
    save_object(ClinicSettings, {"site": site}, CLINIC, report)


def load_home_page(report):
    root = Page.get_first_root_node()
    if not HomePage.objects.child_of(root).filter(slug=HOME_SLUG).exists():
        remove_stock_welcome_page(root, report)
    values = {**HOME, "hero_image": demo_image(HOME["hero_image"])}
    return save_page(HomePage, root, HOME_SLUG, values, report)


def remove_stock_welcome_page(root, report):
    """Delete Wagtail's empty 'Welcome to your new Wagtail site!' page, moving its sites to the root first.

    Only a plain ``Page`` without children is removed, so nothing an editor made is lost.
    """
    welcome = (
        Page.objects.child_of(root)
        .filter(slug=STOCK_WELCOME_SLUG, content_type=ContentType.objects.get_for_model(Page), numchild=0)
        .first()
    )
    if welcome is None:
        return
    Site.objects.filter(root_page=welcome).update(root_page=root)
    report.record(welcome, REMOVED)
    welcome.delete()


def point_default_site_at(home, report):
    """The default site (created for localhost:80 if there is none), serving ``home`` as its root."""
    default_site = Site.objects.filter(is_default_site=True).first()
    lookup = {"pk": default_site.pk} if default_site else {"hostname": "localhost", "port": 80}
    values = {"root_page": home, "is_default_site": True, "site_name": CLINIC["name"]}
    return save_object(Site, lookup, values, report)


def serve_default_site_at(hostname, port, report):
    """Give the default site the address it is served on, so its links (canonical, sitemap, feed) work.

    Either part left as None keeps the site's own; with neither, nothing is touched.
    """
    address = {name: value for name, value in (("hostname", hostname), ("port", port)) if value is not None}
    if address:
        save_object(Site, {"is_default_site": True}, address, report)


def load_featured_treatments(report):
    """The home page's featured treatments; runs after the treatments exist."""
    links = [
        HomeFeaturedTreatment(treatment=TreatmentPage.objects.get(slug=slug)) for slug in FEATURED_TREATMENTS
    ]
    root = Page.get_first_root_node()
    save_page(HomePage, root, HOME_SLUG, {"featured_treatments": links}, report)

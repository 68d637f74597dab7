"""Builders for schema.org JSON-LD, made from model fields and never typed by hand.

Each builder is a pure function returning plain dicts and lists; the ``json_ld``
template tag (``cms.templatetags.clinic_tags``) prints them safely. Empty values are
left out rather than printed as blanks.
"""

from wagtail.rich_text import get_text_for_indexing

from cms.provenance import publication_dates

SCHEMA_CONTEXT = "https://schema.org"


def compact(node):
    """``node`` without keys whose value is empty (None, "", [] or {})."""
    return {key: value for key, value in node.items() if value not in (None, "", [], {})}


def with_context(node):
    """A top-level node, carrying the schema.org ``@context``."""
    return {"@context": SCHEMA_CONTEXT, **node}


def plain_text(rich_text):
    """Readable plain text from rich text (a ``RichText`` value or an HTML string), on one line."""
    source = getattr(rich_text, "source", rich_text) or ""
    return " ".join(get_text_for_indexing(source).split())


def clinic_id(home_url):
    """The ``@id`` of the site's ``MedicalClinic`` (printed on the home page), from the home page's URL."""
    return f"{home_url}#clinic"


def physician_id(profile_url):
    """The ``@id`` of a clinician's ``Physician``, from their profile's address."""
    return f"{profile_url}#physician"


def person(clinician, profile_url=""):
    """A ``Person`` for a clinician: name, credentials as ``honorificSuffix``, role as ``jobTitle``.

    With the address of their public profile, it is also named by the ``@id`` of the
    ``Physician`` that profile prints, so search engines join the two.
    """
    if clinician is None:
        return None
    return compact(
        {
            "@type": "Person",
            "@id": physician_id(profile_url) if profile_url else None,
            "name": clinician.name,
            "honorificSuffix": clinician.credentials,
            "jobTitle": clinician.role,
            "url": profile_url,
        }
    )


def physician(clinician, profile_url, clinic_id=None, image=None):
    """A clinician's public profile as a ``Physician`` who is a member of the clinic (``clinic_id``).

    Typed ``Person`` too: schema.org files ``Physician`` under ``MedicalOrganization``,
    and a clinician is a person, with a name, a job title and post-nominal letters.
    ``identifier`` is their professional registration; ``sameAs`` their own entry on
    the register, when the editor gave its address.
    """
    registration = (
        {
            "@type": "PropertyValue",
            "propertyID": clinician.registration_body,
            "name": clinician.registration,
            "value": clinician.registration_number,
        }
        if clinician.registration_number
        else None
    )
    return with_context(
        compact(
            {
                "@type": ["Person", "Physician"],
                "@id": physician_id(profile_url),
                "url": profile_url,
                "name": clinician.name,
                "honorificSuffix": clinician.credentials,
                "jobTitle": clinician.role,
                "description": clinician.bio,
                "image": image,
                "medicalSpecialty": clinician.specialty_list,
                "hasCredential": [
                    {"@type": "EducationalOccupationalCredential", "name": qualification}
                    for qualification in clinician.qualification_list
                ],
                "identifier": registration,
                "sameAs": clinician.register_url if clinician.registration_number else None,
                "memberOf": {"@type": "MedicalClinic", "@id": clinic_id} if clinic_id else None,
            }
        )
    )


def medical_review(page, reviewer_url=""):
    """``lastReviewed`` and ``reviewedBy`` of a page with a medical review; ``reviewer_url`` is the
    reviewer's public profile, whose ``@id`` names them when there is one.

    An overdue review claims nothing: the page says "Review due" to visitors, and a
    review whose next check has passed is one the clinic can no longer stand behind,
    so search engines are not told of it either. The page keeps its other structured
    data; the claim comes back with the next sign-off.
    """
    if page.review_overdue or not (page.reviewed_by and page.last_reviewed):
        return {}
    return {
        "lastReviewed": page.last_reviewed.isoformat(),
        "reviewedBy": person(page.reviewed_by, reviewer_url),
    }


def publication(page, first_published=None):
    """``datePublished`` and ``dateModified``: the dates the page header shows (``cms.provenance``)."""
    first, updated = publication_dates(page, first_published)
    return {
        "datePublished": first.isoformat() if first else None,
        "dateModified": (updated or first).isoformat() if first else None,
    }


def postal_address(clinic):
    return compact(
        {
            "@type": "PostalAddress",
            "streetAddress": clinic.street_address,
            "addressLocality": clinic.locality,
            "addressRegion": clinic.region,
            "postalCode": clinic.postal_code,
            "addressCountry": clinic.country,
        }
    )


def opening_hours_specification(opening_hours):
    """One ``OpeningHoursSpecification`` per row of the clinic's opening hours."""
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"{SCHEMA_CONTEXT}/{day}" for day in row.value.ordered_days()],
            "opens": row.value["opens"].strftime("%H:%M"),
            "closes": row.value["closes"].strftime("%H:%M"),
        }
        for row in opening_hours
    ]


def medical_clinic(clinic, url):
    """A ``MedicalClinic`` from the clinic settings; ``url`` is the site's home page address."""
    if not clinic or not clinic.name:
        return None
    return with_context(
        compact(
            {
                "@type": "MedicalClinic",
                "@id": clinic_id(url) if url else None,
                "name": clinic.name,
                "url": url,
                "telephone": clinic.phone,
                "email": clinic.email,
                "address": postal_address(clinic) if clinic.address_lines else None,
                "openingHoursSpecification": opening_hours_specification(clinic.opening_hours),
            }
        )
    )


def breadcrumb_list(trail):
    """A ``BreadcrumbList`` from ``[{"title": ..., "full_url": ...}, ...]``, home first."""
    return with_context(
        {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": position, "name": crumb["title"], "item": crumb["full_url"]}
                for position, crumb in enumerate(trail, start=1)
            ],
        }
    )


def faq_page(items):
    """An ``FAQPage`` from FAQ items (``question`` text, ``answer`` rich text), or None if there are none."""
    if not items:
        return None
    return with_context(
        {
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": item["question"],
                    "acceptedAnswer": {"@type": "Answer", "text": plain_text(item["answer"])},
                }
                for item in items
            ],
        }
    )

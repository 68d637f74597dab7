"""Builders for schema.org JSON-LD, made from model fields and never typed by hand.

Each builder is a pure function returning plain dicts and lists; the ``json_ld``
template tag (``cms.templatetags.clinic_tags``) prints them safely. Empty values are
left out rather than printed as blanks.
"""

from wagtail.rich_text import get_text_for_indexing

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


def person(clinician):
    """A ``Person`` for a clinician: name, credentials as ``honorificSuffix``, role as ``jobTitle``."""
    if clinician is None:
        return None
    return compact(
        {
            "@type": "Person",
            "name": clinician.name,
            "honorificSuffix": clinician.credentials,
            "jobTitle": clinician.role,
        }
    )


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

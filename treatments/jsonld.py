"""JSON-LD for treatment pages: MedicalWebPage + MedicalProcedure/MedicalTherapy, and FAQPage.

Pure functions of the page: everything comes from its fields and body blocks
(``how_it_works``, ``frequency``, ``candidacy``, ``risks``, ``faq``).
"""

from django.utils.translation import gettext as _

from cms.jsonld import compact, faq_page, medical_review, plain_text, publication, with_context
from team.profiles import profile_url


def how_performed(how_it_works):
    """The introduction, then the numbered steps, as one paragraph of text."""
    if how_it_works is None:
        return ""
    steps = [
        f"{number}. {step['title']}: {step['description']}"
        for number, step in enumerate(how_it_works["steps"], start=1)
    ]
    return " ".join([plain_text(how_it_works["intro"]), *steps]).strip()


def followup(frequency):
    """E.g. 'First course: two sessions, 12 weeks apart. Repeat treatment every 3 to 6 months.'"""
    if frequency is None:
        return ""
    parts = []
    if frequency["initial_course"]:
        parts.append(_("First course: %(course)s.") % {"course": frequency["initial_course"]})
    if frequency.interval_text():
        parts.append(_("Repeat treatment %(interval)s.") % {"interval": frequency.interval_text()})
    return " ".join(parts)


#: Properties schema.org defines for MedicalTherapy (some via TherapeuticProcedure) but not
#: for a plain MedicalProcedure, so they are left out when the editor chose "procedure".
THERAPY_PROPERTIES = ("contraindication", "adverseOutcome", "indication")


def treatment_node(page, url):
    """The treatment itself, typed as the editor chose (``page.schema_type``)."""
    how_it_works = page.first_block("how_it_works")
    node = {
        "@type": page.schema_type,
        "@id": f"{url}#treatment",
        "name": page.title,
        "description": page.summary,
        "url": url,
        "howPerformed": how_performed(how_it_works),
        "bodyLocation": list(how_it_works["treatment_areas"]) if how_it_works else [],
        "followup": followup(page.first_block("frequency")),
    }
    if page.schema_type == "MedicalTherapy":
        node.update(therapy_properties(page))
    return compact(node)


def therapy_properties(page):
    """Who should not have it, its side effects, and the conditions it treats."""
    candidacy = page.first_block("candidacy")
    risks = page.first_block("risks")
    side_effects = [*risks["common"], *risks["rare"]] if risks else []
    return {
        "contraindication": list(candidacy["not_suitable_for"]) if candidacy else [],
        "adverseOutcome": [{"@type": "MedicalEntity", "name": effect} for effect in side_effects],
        "indication": [
            {"@type": "MedicalIndication", "name": condition.name} for condition in page.condition_list
        ],
    }


def medical_web_page(page, url, request=None):
    """The page about the treatment: its medical review and its publication dates."""
    return compact(
        {
            "@type": "MedicalWebPage",
            "@id": url,
            "url": url,
            "name": page.seo_title or page.title,
            "description": page.get_meta_description(),
            **publication(page),
            **medical_review(page, profile_url(page.reviewed_by, request, full=True)),
            "about": {"@id": f"{url}#treatment"},
            "mainEntity": {"@id": f"{url}#treatment"},
            "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        }
    )


def treatment_json_ld(page, request=None):
    """Every JSON-LD document for a treatment page: the page and treatment graph, then the FAQ."""
    url = page.get_canonical_url(request)
    graph = with_context({"@graph": [medical_web_page(page, url, request), treatment_node(page, url)]})
    return [node for node in (graph, faq_page(page.faq_items())) if node]
